import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbFindingLedger } from "../../../shared/aws/dynamodb-finding-ledger";
import type { ImportedRecord } from "../../../shared/channels";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.close());

describe("the Security Hub channel's ledger in the state table", () => {
  it("keeps what was imported per (rule, resource), apart from the alert state", async () => {
    const ledger = new DynamoDbFindingLedger(dynamo.client, await dynamo.createStateTable());
    const record: ImportedRecord = {
      id: "keysentry/kms-rotation-enabled/arn:aws:kms:eu-west-1:111122223333:key/k",
      createdAt: "2026-06-01T00:00:00.000Z",
      firstObservedAt: "2026-06-01T00:00:00.000Z",
      updatedAt: "2026-06-02T00:00:00.000Z",
      open: true,
      signature: "s",
    };
    const key = "finding#kms-rotation-enabled#arn:aws:kms:eu-west-1:111122223333:key/k";
    expect(await ledger.get(key)).toBeUndefined();
    await ledger.put(key, record, new Date("2026-06-02T00:00:00Z"));
    expect(await ledger.get(key)).toEqual(record);
  });
});
