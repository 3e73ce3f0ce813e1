import { describe, expect, it } from "vitest";
import { DynamoDbStateStore } from "../../shared/aws";
import { EvaluationIncompleteError } from "../../shared/pipeline";
import { HARNESS_SETTINGS, type Harness, published, sample, useHarness } from "../support/event-harness";

const start = useHarness();
let harness: Harness;

const ORDERS = "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02";
const SETTINGS = { ...HARNESS_SETTINGS, rules: {} };

describe("fault injection", () => {
  it("a throttling storm: the sweep still accounts for every resource, naming what it could not read", {
    timeout: 90_000,
  }, async () => {
    harness = await start(SETTINGS);
    for (const operation of ["DescribeKey", "GetKeyPolicy", "GetKeyRotationStatus", "DescribeCertificate"]) {
      harness.aws.faults.push({ operation, error: { code: "ThrottlingException" }, probability: 0.15 });
    }
    const { digest } = await harness.sweep();
    for (const tally of [digest.keys, digest.certificates])
      expect(tally.evaluated + tally.unreadable + tally.gone).toBe(tally.listed);
    expect(digest.keys.listed).toBeGreaterThan(0);
    const unreadable = digest.keys.unreadable + digest.certificates.unreadable;
    expect(new Set(digest.unreadable.map((u) => u.resourceArn)).size).toBeLessThanOrEqual(
      unreadable + digest.keys.listed + digest.certificates.listed,
    );
    for (const u of digest.unreadable) expect(u.code).toMatch(/Throttling/);
  });

  it("a 5xx burst: the event path throws so the event is retried, and the retry alerts once", async () => {
    harness = await start(SETTINGS);
    harness.aws.faults.push({
      operation: "DescribeKey",
      error: { code: "KMSInternalException", status: 500 },
      times: 4,
    });
    const event = sample("kms/disable-key-rotation.json");
    await expect(harness.kms(event)).rejects.toBeInstanceOf(EvaluationIncompleteError);
    await expect(harness.kms(event)).rejects.toBeInstanceOf(EvaluationIncompleteError);
    expect(published()).toEqual([]);
    const third = await harness.kms(event);
    expect(third.findings.find((f) => f.ruleId === "kms-rotation-enabled")?.status).toBe("NON_COMPLIANT");
    await harness.kms(event);
    expect(published()).toHaveLength(1);
  });

  it("a call that hangs: abandoned at the request timeout and retried, so the event completes in seconds", async () => {
    harness = await start(SETTINGS, { requestTimeoutMs: 400 });
    harness.aws.faults.push({ operation: "GetKeyPolicy", latencyMs: 5_000, times: 1 });
    const started = performance.now();
    const result = await harness.kms(sample("kms/disable-key-rotation.json"));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.findings.filter((f) => f.status === "ERROR")).toEqual([]);
    expect(published()).toHaveLength(1);
  });

  it("every attempt hangs: the event path throws for redelivery, sends nothing, and the redelivery alerts once", async () => {
    harness = await start(SETTINGS, { requestTimeoutMs: 400 });
    harness.aws.faults.push({ operation: "DescribeKey", latencyMs: 5_000, times: 2 });
    const event = sample("kms/disable-key-rotation.json");
    await expect(harness.kms(event)).rejects.toBeInstanceOf(EvaluationIncompleteError);
    expect(published()).toEqual([]);
    await harness.kms(event);
    await harness.kms(event);
    expect(published()).toHaveLength(1);
  });

  it("calls that hang during a sweep: every resource still accounted for", { timeout: 60_000 }, async () => {
    harness = await start(SETTINGS, { requestTimeoutMs: 300 });
    for (const operation of ["DescribeKey", "GetKeyPolicy", "DescribeCertificate"])
      harness.aws.faults.push({ operation, latencyMs: 2_000, probability: 0.2 });
    const { digest } = await harness.sweep();
    for (const tally of [digest.keys, digest.certificates]) {
      expect(tally.listed).toBeGreaterThan(0);
      expect(tally.evaluated + tally.unreadable + tally.gone).toBe(tally.listed);
    }
  });

  it("AccessDenied on one operation: ERROR for the rules that need it, alerted once as an operational problem", async () => {
    harness = await start(SETTINGS);
    harness.aws.faults.push({
      operation: "GetKeyPolicy",
      error: { code: "AccessDeniedException", message: "no kms:GetKeyPolicy" },
    });
    const event = sample("kms/disable-key-rotation.json");
    const first = await harness.kms(event);
    expect(
      first.findings
        .filter((f) => f.status === "ERROR")
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(["kms-policy-no-public-access", "kms-policy-root-access", "kms-policy-trusted-accounts"]);
    const alerts = published().length;
    await harness.kms(event);
    expect(published()).toHaveLength(alerts);
  });

  it("the state table unavailable: the event is not lost (it throws for a retry) and nothing is sent or changed", async () => {
    harness = await start({ ...HARNESS_SETTINGS });
    const { DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
    const unreachable = new DynamoDbStateStore(
      new DynamoDBClient({
        region: "eu-west-1",
        endpoint: "http://127.0.0.1:9",
        credentials: { accessKeyId: "x", secretAccessKey: "y" },
        maxAttempts: 1,
      }),
      "keysentry-state",
    );
    (harness.runtime.pipeline.dispatch as { store: unknown }).store = unreachable;
    await expect(harness.kms(sample("kms/disable-key-rotation.json"))).rejects.toThrow();
    expect(published()).toEqual([]);
    expect(harness.aws.calls.some((c) => c.operation === "EnableKeyRotation")).toBe(false);
  });

  it("a remediation that does not take: reported not verified, and a ticket is opened", async () => {
    harness = await start({ ...HARNESS_SETTINGS, rules: { "kms-rotation-enabled": { mode: "remediate" } } });
    const opened: string[] = [];
    (harness.runtime.pipeline.dispatch.ticketers as unknown[]).push({
      name: "recorder",
      open: async () => `T-${opened.push(ORDERS)}`,
    });
    // A KMS that answers but changes nothing.
    harness.aws.faults.push({ operation: "EnableKeyRotation", latencyMs: 1 });
    const remediation = harness.runtime.pipeline.dispatch.remediation!;
    (remediation as { actuator: unknown }).actuator = {
      enableKeyRotation: async () => {},
      cancelKeyDeletion: async () => {},
      enableKey: async () => {},
    };
    const result = await harness.kms(sample("kms/disable-key-rotation.json"));
    expect(result.actions.find((a) => a.action === "remediation")).toMatchObject({ status: "not-verified" });
    expect(opened).toEqual([ORDERS]);
    expect(published()[0]?.body.summary.join("\n")).toMatch(/enable-key-rotation not-verified/);
  });

  it("the same event five times, at once and out of order with others: one alert, one ticket, one remediation", async () => {
    harness = await start({ ...HARNESS_SETTINGS, rules: { "kms-rotation-enabled": { mode: "remediate" } } });
    const opened: string[] = [];
    (harness.runtime.pipeline.dispatch.ticketers as unknown[]).push({
      name: "recorder",
      open: async () => `T-${opened.push("t")}`,
    });
    const event = sample("kms/disable-key-rotation.json");
    const others = [sample("kms/enable-key.json"), sample("acm/available.json")];
    const deliveries = [event, others[0], event, event, others[1], event, event];
    await Promise.all(
      deliveries.map((e) =>
        e === others[1] ? harness.acm(structuredClone(e)) : harness.kms(structuredClone(e)),
      ),
    );
    expect(published().filter((m) => m.body.finding?.ruleId === "kms-rotation-enabled")).toHaveLength(1);
    expect(
      harness.aws.calls.filter((c) => c.operation === "EnableKeyRotation" && c.status === 200),
    ).toHaveLength(1);
    expect(opened).toHaveLength(0); // verified remediations need no ticket
  });
});
