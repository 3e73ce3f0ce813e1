/**
 * What keysentry promises about its own actions: a remediation is verified only when the rule
 * passes on a fresh read, nothing is changed when an exemption cannot be established or a fix
 * cannot work, writes name the exact key, one problem is one alert whichever path sees it, the
 * sweep remediates within its cap, and every key-policy change is told with who made it.
 */
import { DisableKeyRotationCommand, PutKeyPolicyCommand, TagResourceCommand } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { createKmsClient } from "../../shared/aws";
import { type Harness, NOW, published, sample, useHarness } from "../support/event-harness";
import { TEST_CREDENTIALS } from "../support/sample-account";

const start = useHarness();
let harness: Harness;

const TRUST = { trustedAccounts: ["444455556666"], organizationId: "o-a1b2c3d4e5" };
const arnOf = (keyId: string) => `arn:aws:kms:eu-west-1:111122223333:key/${keyId}`;
const LEGACY = "4fb25e96-7081-4293-cedf-5a6b7c8d9e05"; // Disabled
const XKS = "1c2f2b63-4d5e-4f60-c1ac-279c0d1e2f18"; // Unavailable: external key store disconnected
const OLD_APP = "50c36fa7-8192-43a4-8fe0-6b7c8d9e0f06"; // PendingDeletion
const PAYMENTS = "0b7e1a52-3c4d-4e5f-8a9b-1c2d3e4f5a01";
const ORDERS = "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02";

function kms() {
  return createKmsClient({ region: "eu-west-1", endpoint: harness.aws.url, credentials: TEST_CREDENTIALS });
}

/** A CloudTrail sample re-aimed at another key of the sample account. */
function about(file: string, keyId: string, id = `${file}-${keyId}`) {
  const event = structuredClone(sample(file)) as { id: string; detail: Record<string, unknown> };
  event.id = id;
  const detail = event.detail as { requestParameters?: { keyId?: string }; resources?: { ARN?: string }[] };
  if (detail.requestParameters) detail.requestParameters.keyId = keyId;
  for (const resource of detail.resources ?? []) resource.ARN = arnOf(keyId);
  return event;
}

const writes = (operation: string) =>
  harness.aws.calls.filter((c) => c.operation === operation && c.status === 200);
const alertsFor = (ruleId: string, keyId: string) =>
  published().filter(
    (m) => m.body.finding?.ruleId === ruleId && m.body.finding?.resourceArn === arnOf(keyId),
  );

describe("verified means the rule passes on a fresh read", () => {
  it("sets the rotation period the rule accepts, not a fixed 365 days, and verifies by the rule", async () => {
    harness = await start({
      ...TRUST,
      rules: { "kms-rotation-period": { mode: "remediate", params: { maxPeriodDays: 180 } } },
    });
    const result = await harness.kms(sample("kms/enable-key-rotation.json"));
    expect(result.actions.find((a) => a.action === "remediation")).toMatchObject({
      target: "set-rotation-period",
      status: "verified",
      detail: expect.stringMatching(/180-day period; a fresh read passes kms-rotation-period/),
    });
    expect(writes("EnableKeyRotation").map((c) => c.input.RotationPeriodInDays)).toEqual([180]);
  });

  it("does not attempt EnableKey on a key whose custom key store is disconnected, and says why", async () => {
    harness = await start({ ...TRUST, rules: { "kms-key-enabled": { mode: "remediate" } } });
    const result = await harness.kms(about("kms/disable-key.json", XKS));
    expect(result.actions.find((a) => a.action === "remediation")).toMatchObject({
      target: "enable-key",
      status: "skipped",
      detail: expect.stringMatching(/Unavailable.*ConnectCustomKeyStore/),
    });
    expect(harness.aws.calls.some((c) => c.operation === "EnableKey")).toBe(false);
    expect(alertsFor("kms-key-enabled", XKS)[0]?.body.summary.join("\n")).toMatch(/ConnectCustomKeyStore/);
  });

  it("writes to the exact key it read, by ARN", async () => {
    harness = await start({ ...TRUST, rules: { "kms-key-enabled": { mode: "remediate" } } });
    await harness.kms(sample("kms/disable-key.json"));
    expect(writes("EnableKey").map((c) => c.input.KeyId)).toEqual([arnOf(LEGACY)]);
  });
});

describe("an exemption that cannot be read never fails open", () => {
  it("alerts, saying why, and does not remediate a key whose tags cannot be read", async () => {
    harness = await start({ ...TRUST, rules: { "kms-key-enabled": { mode: "remediate" } } });
    await kms().send(
      new TagResourceCommand({ KeyId: LEGACY, Tags: [{ TagKey: "keysentry:exempt", TagValue: "all" }] }),
    );
    harness.aws.faults.push({ operation: "ListResourceTags", error: { code: "AccessDeniedException" } });
    const result = await harness.kms(sample("kms/disable-key.json"));
    expect(harness.aws.calls.some((c) => c.operation === "EnableKey")).toBe(false);
    expect(result.actions.find((a) => a.action === "remediation")).toMatchObject({
      status: "skipped",
      detail: expect.stringMatching(/exemption tags could not be read/),
    });
    expect(alertsFor("kms-key-enabled", LEGACY)[0]?.body.summary.join("\n")).toMatch(
      /Exemption: exemption tags could not be read \(ListResourceTags: AccessDeniedException\)/,
    );
  });
});

describe("an exemption, from start to end", () => {
  it("resolves what was told before it, naming it; says once when it runs out", async () => {
    harness = await start(TRUST);
    const closed: string[] = [];
    (harness.services.pipeline.dispatch.ticketers as unknown[]).push({
      name: "recorder",
      open: async () => "T-1",
      resolve: async (alert: { finding: { ruleId: string } }) => {
        closed.push(alert.finding.ruleId);
        return "T-1";
      },
    });
    await harness.kms(sample("kms/disable-key.json"));
    expect(alertsFor("kms-key-enabled", LEGACY)).toHaveLength(1);
    await kms().send(
      new TagResourceCommand({
        KeyId: LEGACY,
        Tags: [
          { TagKey: "keysentry:exempt", TagValue: "kms-key-enabled" },
          { TagKey: "keysentry:exempt-until", TagValue: "2026-11-30" },
        ],
      }),
    );
    await harness.kms(about("kms/disable-key.json", LEGACY, "after-exemption"));
    const resolved = alertsFor("kms-key-enabled", LEGACY)[1];
    expect(resolved?.body.transition).toBe("resolved");
    expect(resolved?.body.summary.join("\n")).toMatch(
      /Resolved: the resource was exempted \(exempt until 2026-11-30: tagged keysentry:exempt=kms-key-enabled\)/,
    );
    expect(closed).toEqual(["kms-key-enabled"]);

    harness.services.pipeline.now = () => new Date("2026-12-01T10:00:00Z");
    await harness.kms(about("kms/disable-key.json", LEGACY, "after-expiry"));
    await harness.kms(about("kms/disable-key.json", LEGACY, "after-expiry-again"));
    const after = alertsFor("kms-key-enabled", LEGACY).slice(2);
    expect(after).toHaveLength(1);
    expect(after[0]?.body.summary.join("\n")).toMatch(/Exemption: the exemption ended on 2026-11-30/);
  });
});

describe("one alert per problem, whichever path sees it first", () => {
  it("event, then sweep, then Config: the deletion is alerted once", async () => {
    harness = await start(TRUST);
    await harness.kms(sample("kms/schedule-key-deletion.json"));
    expect(alertsFor("kms-not-pending-deletion", OLD_APP)).toHaveLength(1);
    expect(alertsFor("kms-not-pending-deletion", OLD_APP)[0]?.body.finding.severity).toBe("CRITICAL");
    await harness.sweep();
    const template = sample("config/kms-change.json") as { invokingEvent: string };
    const invoking = JSON.parse(template.invokingEvent);
    invoking.configurationItem = {
      ...invoking.configurationItem,
      resourceId: OLD_APP,
      ARN: arnOf(OLD_APP),
      configurationItemCaptureTime: NOW.toISOString(),
    };
    await harness.configRule({
      ...template,
      configRuleName: "keysentry-kms-not-pending-deletion",
      ruleParameters: "{}",
      invokingEvent: JSON.stringify(invoking),
    });
    expect(alertsFor("kms-not-pending-deletion", OLD_APP)).toHaveLength(1);
  });
});

describe("the sweep remediates what was broken before keysentry came", () => {
  it("fixes and verifies up to its cap, then alerts instead", async () => {
    harness = await start({
      ...TRUST,
      rules: { "kms-rotation-enabled": { mode: "remediate" } },
      sweep: { maxRemediationsPerRun: 1 },
    });
    await kms().send(new DisableKeyRotationCommand({ KeyId: PAYMENTS }));
    const { actions } = await harness.sweep();
    const remediations = actions.filter((a) => a.action === "remediation");
    expect(remediations.map((a) => a.status).sort()).toEqual(["skipped", "verified"]);
    expect(remediations.find((a) => a.status === "skipped")?.detail).toMatch(
      /cap of 1 remediations is reached/,
    );
    expect(writes("EnableKeyRotation")).toHaveLength(1);
    expect(alertsFor("kms-rotation-enabled", PAYMENTS)).toHaveLength(1);
    expect(alertsFor("kms-rotation-enabled", ORDERS)).toHaveLength(1);
  });
});

describe("every key-policy change is seen, with what changed and who did it", () => {
  const partnerPolicy = (base: string) => {
    const policy = JSON.parse(base);
    policy.Statement.push({
      Sid: "PartnerDecrypt",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444455556666:root" },
      Action: "kms:Decrypt",
      Resource: "*",
    });
    return JSON.stringify(policy);
  };

  async function changePaymentsPolicy() {
    const { GetKeyPolicyCommand } = await import("@aws-sdk/client-kms");
    const { Policy } = await kms().send(new GetKeyPolicyCommand({ KeyId: PAYMENTS, PolicyName: "default" }));
    await kms().send(
      new PutKeyPolicyCommand({ KeyId: PAYMENTS, PolicyName: "default", Policy: partnerPolicy(Policy!) }),
    );
    return harness.kms(about("kms/put-key-policy-public.json", PAYMENTS));
  }

  it("tells a compliant change that adds access, with the diff against the policy the sweep recorded", async () => {
    harness = await start(TRUST);
    await harness.sweep();
    const before = published().length;
    const result = await changePaymentsPolicy();
    expect(result.findings.filter((f) => f.ruleId.startsWith("kms-policy-")).map((f) => f.status)).toEqual([
      "COMPLIANT",
      "COMPLIANT",
      "COMPLIANT",
    ]);
    const notices = published().slice(before);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toMatchObject({
      transition: "policy-changed",
      finding: { ruleId: "kms-policy-change" },
    });
    expect(notices[0]?.body.finding.annotation).toMatch(
      /key policy changed by role Admin assumed by bob@example.com: added PartnerDecrypt; new access: trusted-account/,
    );
  });

  it("says when no earlier policy was recorded, and stays quiet when told to", async () => {
    harness = await start(TRUST);
    await changePaymentsPolicy();
    expect(published().at(-1)?.body.summary.join("\n")).toMatch(
      /Policy change: no earlier policy was recorded/,
    );
    harness = await start({ ...TRUST, policyChanges: "off" });
    await changePaymentsPolicy();
    expect(published()).toHaveLength(0);
  });
});
