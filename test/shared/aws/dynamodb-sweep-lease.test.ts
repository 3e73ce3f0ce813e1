import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbSweepLease } from "../../../shared/aws";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.close());

const minutes = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 60_000);

describe("DynamoDbSweepLease", () => {
  it("goes to one of two sweeps that ask at once", async () => {
    const lease = new DynamoDbSweepLease(dynamo.client, await dynamo.createStateTable());
    const taken = await Promise.all(
      ["a", "b", "c"].map((holder) => lease.acquire(holder, minutes(15), minutes(0))),
    );
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it("is free again once given up, and only its holder can give it up", async () => {
    const lease = new DynamoDbSweepLease(dynamo.client, await dynamo.createStateTable());
    expect(await lease.acquire("a", minutes(15), minutes(0))).toBe(true);
    await lease.release("b");
    expect(await lease.acquire("b", minutes(16), minutes(1))).toBe(false);
    await lease.release("a");
    expect(await lease.acquire("b", minutes(17), minutes(2))).toBe(true);
  });

  it("expires at its holder's deadline: a sweep that timed out holds nothing", async () => {
    const lease = new DynamoDbSweepLease(dynamo.client, await dynamo.createStateTable());
    expect(await lease.acquire("a", minutes(15), minutes(0))).toBe(true);
    expect(await lease.acquire("b", minutes(29), minutes(14))).toBe(false);
    expect(await lease.acquire("b", minutes(30), minutes(15))).toBe(true);
  });

  it("lets its holder take it again (Lambda's retry of the same invocation)", async () => {
    const lease = new DynamoDbSweepLease(dynamo.client, await dynamo.createStateTable());
    expect(await lease.acquire("a", minutes(15), minutes(0))).toBe(true);
    expect(await lease.acquire("a", minutes(20), minutes(5))).toBe(true);
  });
});
