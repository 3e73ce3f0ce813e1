import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbStateStore } from "../../../shared/aws";
import type { Finding } from "../../../shared/model";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.close());

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  ruleId: "kms-key-enabled",
  resourceType: "AWS::KMS::Key",
  resourceId: "k1",
  resourceArn: "arn:aws:kms:eu-west-1:111122223333:key/k1",
  account: "111122223333",
  region: "eu-west-1",
  status: "NON_COMPLIANT",
  severity: "MEDIUM",
  annotation: "key k1: key is disabled",
  evidence: { keyState: "Disabled" },
  ...overrides,
});

const hours = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 3_600_000);
const DAY = 86_400;

describe("DynamoDbStateStore", () => {
  it("tells new trouble once per window, then again as a reminder, and tells the fix", async () => {
    const store = new DynamoDbStateStore(dynamo.client, await dynamo.createStateTable());
    expect(await store.record(finding({ status: "COMPLIANT", severity: "INFO" }), hours(0), DAY)).toBe(
      "quiet",
    );
    expect(await store.record(finding(), hours(1), DAY)).toBe("new");
    expect(await store.record(finding(), hours(2), DAY)).toBe("repeat");
    expect(
      await store.record(
        finding({ evidence: { keyState: "Disabled" }, annotation: "reworded" }),
        hours(3),
        DAY,
      ),
    ).toBe("repeat");
    expect(await store.record(finding({ severity: "HIGH" }), hours(4), DAY)).toBe("changed");
    expect(await store.record(finding({ severity: "HIGH" }), hours(29), DAY)).toBe("reminder");
    expect(await store.record(finding({ status: "COMPLIANT", severity: "INFO" }), hours(30), DAY)).toBe(
      "resolved",
    );
    expect(await store.record(finding({ status: "COMPLIANT", severity: "INFO" }), hours(31), DAY)).toBe(
      "quiet",
    );
  });

  it("lets exactly one of many concurrent identical deliveries through", async () => {
    const store = new DynamoDbStateStore(dynamo.client, await dynamo.createStateTable());
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.record(finding(), hours(0), DAY)),
    );
    expect(results.filter((r) => r === "new")).toHaveLength(1);
    expect(results.filter((r) => r === "repeat")).toHaveLength(7);
  });

  it("remembers the last policy of a key", async () => {
    const store = new DynamoDbStateStore(dynamo.client, await dynamo.createStateTable());
    expect(await store.lastPolicy("arn:k")).toBeUndefined();
    await store.rememberPolicy("arn:k", '{"Statement":[]}', hours(0));
    expect(await store.lastPolicy("arn:k")).toEqual({ text: '{"Statement":[]}', seenAt: hours(0) });
  });
});
