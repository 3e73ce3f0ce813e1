import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createKmsClient, OperationRateLimiter } from "../../../shared/aws";
import { awsError, awsJson, type BadEndpoint, startBadEndpoint } from "../../support/bad-endpoint";
import { TEST_CREDENTIALS } from "../../support/sample-account";

describe("OperationRateLimiter, on a fake clock", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Starts the waits in order and says when each one ended, in milliseconds after `since`. */
  async function endTimes(limiter: OperationRateLimiter, operations: string[], since = performance.now()) {
    const ended: number[] = [];
    const waits = operations.map((operation, i) =>
      limiter.wait(operation).then(() => {
        ended[i] = performance.now() - since;
      }),
    );
    await vi.runAllTimersAsync();
    await Promise.all(waits);
    return ended;
  }

  it("spaces the calls of one operation at 1/rate", async () => {
    const limiter = new OperationRateLimiter({ DescribeKey: 10 });
    expect(await endTimes(limiter, ["DescribeKey", "DescribeKey", "DescribeKey", "DescribeKey"])).toEqual([
      0, 100, 200, 300,
    ]);
  });

  it("waits only for what is left of the interval", async () => {
    const limiter = new OperationRateLimiter({ DescribeKey: 10 });
    const since = performance.now();
    await endTimes(limiter, ["DescribeKey"], since);
    await vi.advanceTimersByTimeAsync(40);
    expect(await endTimes(limiter, ["DescribeKey"], since)).toEqual([100]);
    await vi.advanceTimersByTimeAsync(150);
    expect(await endTimes(limiter, ["DescribeKey"], since)).toEqual([250]);
  });

  it("does not save a quiet spell up for a burst", async () => {
    const limiter = new OperationRateLimiter({ DescribeKey: 10 });
    const since = performance.now();
    await endTimes(limiter, ["DescribeKey"], since);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await endTimes(limiter, ["DescribeKey", "DescribeKey", "DescribeKey"], since)).toEqual([
      10_000, 10_100, 10_200,
    ]);
  });

  it("keeps each operation to its own rate: one never waits for another", async () => {
    const limiter = new OperationRateLimiter({ DescribeKey: 1, GetKeyPolicy: 4 });
    expect(
      await endTimes(limiter, ["DescribeKey", "DescribeKey", "GetKeyPolicy", "GetKeyPolicy", "GetKeyPolicy"]),
    ).toEqual([0, 1000, 0, 250, 500]);
  });

  it("share() scales every rate by the share", async () => {
    const limiter = OperationRateLimiter.share({ DescribeKey: 100, ListCertificates: 8 }, 0.5);
    expect(
      await endTimes(limiter, [
        "DescribeKey",
        "DescribeKey",
        "DescribeKey",
        "ListCertificates",
        "ListCertificates",
      ]),
    ).toEqual([0, 20, 40, 0, 250]);
  });

  it("never holds an operation that has no rate, and sets no timer for it", async () => {
    const limiter = new OperationRateLimiter({ DescribeKey: 1 });
    const waits = Array.from({ length: 50 }, () => limiter.wait("ListAliases"));
    expect(vi.getTimerCount()).toBe(0);
    await Promise.all(waits);
    expect(await endTimes(limiter, ["ListAliases", "ListResourceTags"])).toEqual([0, 0]);
  });
});

describe("OperationRateLimiter.attach, on a real KMS client", () => {
  let endpoint: BadEndpoint | undefined;
  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
  });

  /** The limiter as attached, noting each wait in the same log as the endpoint notes each request. */
  class NotedLimiter extends OperationRateLimiter {
    constructor(
      rates: Record<string, number>,
      private readonly log: string[],
    ) {
      super(rates);
    }
    override wait(operation: string): Promise<void> {
      this.log.push(`wait ${operation}`);
      return super.wait(operation);
    }
  }

  const KEY = { KeyMetadata: { KeyId: "k", Arn: "arn:aws:kms:eu-west-1:111122223333:key/k" } };

  it("waits before every attempt, retries included, under the operation's name", async () => {
    const log: string[] = [];
    endpoint = await startBadEndpoint((call, nth) => {
      log.push(`request ${call.operation}`);
      if (nth === 0) return awsError("KMSInternalException", 500);
      if (nth === 1) return awsError("ThrottlingException");
      return awsJson(KEY);
    });
    const limiter = new NotedLimiter({ DescribeKey: 1000 }, log);
    const kms = limiter.attach(
      createKmsClient({
        region: "eu-west-1",
        endpoint: endpoint.url,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 3,
      }),
    );
    await kms.send(new DescribeKeyCommand({ KeyId: "k" }));
    expect(log).toEqual([
      "wait DescribeKey",
      "request DescribeKey",
      "wait DescribeKey",
      "request DescribeKey",
      "wait DescribeKey",
      "request DescribeKey",
    ]);
  });

  it("holds the client's requests to the operation's rate", async () => {
    const arrivals: number[] = [];
    endpoint = await startBadEndpoint(() => {
      arrivals.push(performance.now());
      return awsJson(KEY);
    });
    const kms = new OperationRateLimiter({ DescribeKey: 5 }).attach(
      createKmsClient({
        region: "eu-west-1",
        endpoint: endpoint.url,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      }),
    );
    const started = performance.now();
    await Promise.all([1, 2, 3].map(() => kms.send(new DescribeKeyCommand({ KeyId: "k" }))));
    // At 5 per second the third call has the slot 400 ms after the first; a timer may fire a
    // millisecond early against performance.now(). Unlimited, all three arrive within milliseconds.
    expect(arrivals).toHaveLength(3);
    expect(arrivals[2]! - started).toBeGreaterThanOrEqual(399);
  });
});
