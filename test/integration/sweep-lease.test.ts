import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbSweepLease } from "../../shared/aws";
import { createSweepHandler } from "../../shared/handlers";
import { type LocalDynamo, startDynalite } from "../support/dynalite";
import { type Harness, lambdaContext, useHarness } from "../support/event-harness";

const start = useHarness();
let harness: Harness;
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.close());

const invocation = (awsRequestId: string) =>
  ({ ...lambdaContext, awsRequestId, getRemainingTimeInMillis: () => 900_000 }) as Context;

describe("sweep handler with its lease", () => {
  it("runs one of two sweeps started together; the other stops at once, and the next one runs", async () => {
    harness = await start();
    const lease = new DynamoDbSweepLease(dynamo.client, await dynamo.createStateTable());
    const handler = createSweepHandler(harness.services, { digests: [], lease });
    const [first, second] = await Promise.all([handler({}, invocation("a")), handler({}, invocation("b"))]);
    expect([first, second].filter((result) => result === undefined)).toHaveLength(1);
    expect((first ?? second)?.digest.complete).toBe(true);
    expect((await handler({}, invocation("c")))?.digest.complete).toBe(true);
  });

  it("gives the lease up before its continuation starts, so that the continuation runs", async () => {
    harness = await start();
    const lease = new DynamoDbSweepLease(dynamo.client, await dynamo.createStateTable());
    const continued: (boolean | undefined)[] = [];
    let checks = 0;
    const handler = createSweepHandler(harness.services, {
      digests: [],
      lease,
      marginMs: 1_000,
      continuation: {
        continueFrom: async () => {
          continued.push(await lease.acquire("continuation", new Date(Date.now() + 60_000), new Date()));
        },
      },
    });
    const stopsShort = { ...invocation("a"), getRemainingTimeInMillis: () => (++checks > 10 ? 0 : 900_000) };
    expect((await handler({}, stopsShort as Context))?.digest.complete).toBe(false);
    expect(continued).toEqual([true]);
  });
});
