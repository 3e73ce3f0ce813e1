import { describe, expect, it } from "vitest";
import { DynamoDbStateStore } from "../../shared/aws";
import type { Finding } from "../../shared/model";
import { EvaluationIncompleteError } from "../../shared/pipeline";
import { HARNESS_SETTINGS, type Harness, NOW, published, sample, useHarness } from "../support/event-harness";
import { sampleAccount } from "../support/sample-account";

const start = useHarness();
let harness: Harness;

const ORDERS = "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02";
const SETTINGS = { ...HARNESS_SETTINGS, rules: {} };

const seed = sampleAccount(NOW);
const KEY_ARNS = seed.keys.map(({ KeyId }) => `arn:aws:kms:${seed.region}:${seed.account}:key/${KeyId}`);
const CERTIFICATE_ARNS = seed.certificates.map(
  ({ CertificateId }) => `arn:aws:acm:${seed.region}:${seed.account}:certificate/${CertificateId}`,
);
const AUTHORITY_ARNS = (seed.certificateAuthorities ?? []).map(
  ({ CertificateAuthorityId }) =>
    `arn:aws:acm-pca:${seed.region}:${seed.account}:certificate-authority/${CertificateAuthorityId}`,
);
/** Targets of faults that outlast every retry: a key that cannot be described, and one facet each of others. */
const STUCK_KEY = "61d470b8-92a3-44b5-90f1-7c8d9e0f1a07";
const POLICY_UNREADABLE = ORDERS;
const ROTATION_UNREADABLE = "0b7e1a52-3c4d-4e5f-8a9b-1c2d3e4f5a01";
/** status.example.com: issued before the CT opt-out ended, so its details are still read. */
const DETAILS_UNREADABLE = "f63a5256-c071-4283-a495-af1a2b3c4d26";
const POLICY_RULES = ["kms-policy-no-public-access", "kms-policy-root-access", "kms-policy-trusted-accounts"];
const ROTATION_RULES = ["kms-rotation-enabled", "kms-rotation-period"];
const CERTIFICATE_DETAIL_RULES = ["acm-certificate-transparency-logging"];

/** Each resource's findings as `rule status`, by resource: what the sweep decided, in a stable order. */
function statusByResourceAndRule(findings: readonly Finding[]): Record<string, string[]> {
  const byResource: Record<string, string[]> = {};
  for (const f of findings)
    byResource[f.resourceArn] = [...(byResource[f.resourceArn] ?? []), `${f.ruleId} ${f.status}`];
  for (const lines of Object.values(byResource)) lines.sort();
  return byResource;
}

describe("fault injection", () => {
  it("a throttling storm: every listed resource is accounted for, and exactly the reads that never got through are ERROR", {
    timeout: 90_000,
  }, async () => {
    harness = await start(SETTINGS);
    const control = await harness.sweep();
    expect(control.findings.filter((f) => f.status === "ERROR")).toEqual([]);
    expect(new Set(control.findings.map((f) => f.resourceArn))).toEqual(
      new Set([...KEY_ARNS, ...CERTIFICATE_ARNS, ...AUTHORITY_ARNS]),
    );

    const throttled = { code: "ThrottlingException" };
    // Reads that fail every attempt: these, and only these, must end as ERROR.
    for (const [operation, resource] of [
      ["DescribeKey", STUCK_KEY],
      ["GetKeyPolicy", POLICY_UNREADABLE],
      ["GetKeyRotationStatus", ROTATION_UNREADABLE],
      ["DescribeCertificate", DETAILS_UNREADABLE],
    ] as const)
      harness.aws.faults.push({ operation, resource, error: throttled });
    // The storm: the first attempt of one read of every third resource is throttled, and its retry
    // gets through. (Throttling many more calls, or the listings, slows the SDK's adaptive retry to a crawl.)
    const reads = ["DescribeKey", "GetKeyPolicy", "GetKeyRotationStatus"];
    const storm = [
      ...seed.keys
        .filter(({ KeyId }, i) => i % 3 === 0 && KeyId !== STUCK_KEY)
        .map(({ KeyId }, i) => ({ operation: reads[i % reads.length]!, resource: KeyId })),
      ...seed.certificates
        .filter(({ CertificateId }, i) => i % 3 === 0 && CertificateId !== DETAILS_UNREADABLE)
        .map(({ CertificateId }) => ({ operation: "DescribeCertificate", resource: CertificateId })),
    ].map((fault) => ({ ...fault, error: throttled, times: 1 }));
    harness.aws.faults.push(...storm);
    const before = harness.aws.calls.length;

    const { digest, findings } = await harness.sweep();

    // Each storm fault hit the first attempt of its read, when the sweep made that read at all.
    const made = (operation: string, resource: string) =>
      harness.aws.calls
        .slice(before)
        .some(
          (c) =>
            c.operation === operation && String(c.input.KeyId ?? c.input.CertificateArn).includes(resource),
        );
    for (const fault of storm) expect(fault.times).toBe(made(fault.operation, fault.resource) ? 0 : 1);
    expect(storm.filter((fault) => fault.times === 0).length).toBeGreaterThanOrEqual(8);

    expect(digest.keys).toEqual({
      listed: seed.keys.length,
      evaluated: seed.keys.length - 1,
      unreadable: 1,
      gone: 0,
    });
    // A listed certificate starts from its ListCertificates summary, so a failed DescribeCertificate
    // leaves it evaluated, with ERROR from the rules that need its details.
    expect(digest.certificates).toEqual({
      listed: seed.certificates.length,
      evaluated: seed.certificates.length,
      unreadable: 0,
      gone: 0,
    });

    const unreadableRules: Record<string, readonly string[]> = {
      [STUCK_KEY]: control.findings.filter((f) => f.resourceArn.endsWith(STUCK_KEY)).map((f) => f.ruleId),
      [POLICY_UNREADABLE]: POLICY_RULES,
      [ROTATION_UNREADABLE]: ROTATION_RULES,
      [DETAILS_UNREADABLE]: CERTIFICATE_DETAIL_RULES,
    };
    const expected = control.findings.map((f) => {
      const id = f.resourceArn.split("/").pop()!;
      return unreadableRules[id]?.includes(f.ruleId) ? { ...f, status: "ERROR" as const } : f;
    });
    expect(statusByResourceAndRule(findings)).toEqual(statusByResourceAndRule(expected));
    expect(new Set(digest.unreadable.map((u) => u.resourceArn.split("/").pop()))).toEqual(
      new Set([STUCK_KEY, POLICY_UNREADABLE, ROTATION_UNREADABLE, DETAILS_UNREADABLE]),
    );
    expect(digest.unreadable.map((u) => `${u.resourceArn} ${u.ruleId} ${u.code}`).sort()).toEqual(
      expected
        .filter((f) => f.status === "ERROR")
        .map((f) => `${f.resourceArn} ${f.ruleId} ThrottlingException`)
        .sort(),
    );
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
    (harness.services.pipeline.dispatch as { store: unknown }).store = unreachable;
    await expect(harness.kms(sample("kms/disable-key-rotation.json"))).rejects.toThrow();
    expect(published()).toEqual([]);
    expect(harness.aws.calls.some((c) => c.operation === "EnableKeyRotation")).toBe(false);
  });

  it("a remediation that does not take: reported not verified, and a ticket is opened", async () => {
    harness = await start({ ...HARNESS_SETTINGS, rules: { "kms-rotation-enabled": { mode: "remediate" } } });
    const opened: string[] = [];
    (harness.services.pipeline.dispatch.ticketers as unknown[]).push({
      name: "recorder",
      open: async () => `T-${opened.push(ORDERS)}`,
    });
    // A KMS that answers but changes nothing.
    harness.aws.faults.push({ operation: "EnableKeyRotation", latencyMs: 1 });
    const remediation = harness.services.pipeline.dispatch.remediation!;
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
    (harness.services.pipeline.dispatch.ticketers as unknown[]).push({
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
