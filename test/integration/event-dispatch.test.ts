import { EnableKeyCommand, EnableKeyRotationCommand, TagResourceCommand } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { type Alert, resolvedBy } from "../../shared/actions";
import { createKmsClient } from "../../shared/aws";
import { SlackNotifier } from "../../shared/channels";
import { HARNESS_SETTINGS, type Harness, published, sample, useHarness } from "../support/event-harness";
import { startReceiver } from "../support/http-receiver";
import { TEST_CREDENTIALS } from "../support/sample-account";

const start = useHarness();
let harness: Harness;

const ORDERS = "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02";

async function tag(key: string, tags: Record<string, string>) {
  const kms = createKmsClient({
    region: "eu-west-1",
    endpoint: harness.aws.url,
    credentials: TEST_CREDENTIALS,
  });
  await kms.send(
    new TagResourceCommand({
      KeyId: key,
      Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
    }),
  );
}

describe("dispatching event findings", () => {
  it("alerts once and remediates at most once when the same event arrives five times at once", async () => {
    harness = await start({
      ...HARNESS_SETTINGS,
      rules: { "kms-key-enabled": { mode: "remediate" } },
    });
    const event = sample("kms/disable-key.json");
    const results = await Promise.all(Array.from({ length: 5 }, () => harness.kms(structuredClone(event))));
    expect(published()).toHaveLength(1);
    const remediations = results.flatMap((r) => r.actions).filter((a) => a.action === "remediation");
    expect(remediations).toHaveLength(1);
    expect(remediations[0]).toMatchObject({ target: "enable-key", status: "verified" });
    expect(harness.aws.calls.filter((c) => c.operation === "EnableKey" && c.status === 200)).toHaveLength(1);
    expect(results.flatMap((r) => r.actions).filter((a) => a.action === "dedup")).toHaveLength(4);
  });

  it("skips an exempt resource: no alert, no remediation", async () => {
    harness = await start();
    await tag(ORDERS, { "keysentry:exempt": "kms-rotation-enabled", "keysentry:exempt-until": "2027-06-30" });
    const result = await harness.kms(sample("kms/disable-key-rotation.json"));
    expect(result.findings.find((f) => f.ruleId === "kms-rotation-enabled")?.status).toBe("NON_COMPLIANT");
    expect(result.actions).toEqual([
      expect.objectContaining({
        action: "exemption",
        status: "skipped",
        detail: "exempt until 2027-06-30: tagged keysentry:exempt=kms-rotation-enabled",
      }),
    ]);
    expect(published()).toEqual([]);
    expect(harness.aws.calls.some((c) => c.operation === "EnableKeyRotation")).toBe(false);
  });

  it("says so when an exemption has lapsed", async () => {
    harness = await start({ ...HARNESS_SETTINGS, rules: {} });
    await tag(ORDERS, { "keysentry:exempt": "all", "keysentry:exempt-until": "2026-01-31" });
    await harness.kms(sample("kms/disable-key-rotation.json"));
    expect(published()[0]?.body.summary).toContain("Exemption: the exemption ended on 2026-01-31");
  });

  it("changes nothing in dry run, and says so", async () => {
    harness = await start({ ...HARNESS_SETTINGS, dryRun: true });
    const result = await harness.kms(sample("kms/disable-key-rotation.json"));
    expect(result.actions.find((a) => a.action === "remediation")).toMatchObject({
      status: "skipped",
      detail: "dry run: nothing changed",
    });
    expect(harness.aws.calls.some((c) => c.operation === "EnableKeyRotation")).toBe(false);
    expect(published()).toHaveLength(1);
  });

  it("records findings without alerting in report mode", async () => {
    harness = await start({
      ...HARNESS_SETTINGS,
      rules: { "kms-rotation-enabled": { mode: "report" } },
    });
    const result = await harness.kms(sample("kms/disable-key-rotation.json"));
    expect(result.findings.find((f) => f.ruleId === "kms-rotation-enabled")?.status).toBe("NON_COMPLIANT");
    expect(result.actions).toEqual([]);
    expect(published()).toEqual([]);
  });

  it("tells the fix after trouble", async () => {
    harness = await start({ ...HARNESS_SETTINGS, rules: {} });
    await harness.kms(sample("kms/disable-key-rotation.json"));
    const kms = createKmsClient({
      region: "eu-west-1",
      endpoint: harness.aws.url,
      credentials: TEST_CREDENTIALS,
    });
    await kms.send(new EnableKeyRotationCommand({ KeyId: ORDERS }));
    await harness.kms({ ...sample("kms/disable-key-rotation.json"), id: "a-later-event" });
    const subjects = published().map((m) => m.subject);
    expect(subjects[0]).toMatch(/^\[keysentry MEDIUM\] kms-rotation-enabled/);
    expect(subjects[1]).toMatch(/^\[keysentry RESOLVED\] resolved: kms-rotation-enabled/);
  });

  it("does not remediate a compliant key whatever a forged event claims", async () => {
    harness = await start({
      ...HARNESS_SETTINGS,
      rules: { "kms-key-enabled": { mode: "remediate" } },
    });
    const forged = sample("kms/disable-key.json");
    const detail = forged.detail as Record<string, unknown>;
    detail.requestParameters = { keyId: "0b7e1a52-3c4d-4e5f-8a9b-1c2d3e4f5a01" };
    detail.resources = [
      {
        accountId: "111122223333",
        type: "AWS::KMS::Key",
        ARN: "arn:aws:kms:eu-west-1:111122223333:key/0b7e1a52-3c4d-4e5f-8a9b-1c2d3e4f5a01",
      },
    ];
    const result = await harness.kms(forged);
    expect(result.findings.every((f) => f.status !== "NON_COMPLIANT")).toBe(true);
    expect(result.actions).toEqual([]);
    expect(
      harness.aws.calls.filter((c) =>
        ["EnableKey", "EnableKeyRotation", "CancelKeyDeletion"].includes(c.operation),
      ),
    ).toEqual([]);
  });
});

describe("when a channel fails", () => {
  it("still sends the SNS message, and reports the Slack failure", async () => {
    const slack = await startReceiver(() => ({ status: 500 }));
    try {
      harness = await start({ ...HARNESS_SETTINGS, rules: {} });
      const failing = new SlackNotifier({
        webhookUrl: async () => `${slack.url}/hook`,
        sleep: async () => {},
      });
      (harness.services.pipeline.dispatch.notifiers as unknown[]).push(failing);
      const result = await harness.kms(sample("kms/disable-key-rotation.json"));
      expect(result.actions.map((a) => `${a.action}:${a.target}:${a.status}`).sort()).toEqual([
        "alert:slack:failed",
        "alert:sns:sent",
      ]);
      expect(result.actions.find((a) => a.target === "slack")?.detail).toBe(
        "Slack answered 500 after 4 attempts",
      );
      expect(published()).toHaveLength(1);
      expect(slack.received).toHaveLength(4);
    } finally {
      await slack.close();
    }
  });
});

describe("tickets", () => {
  it("opens a ticket in ticket mode, and closes it, saying what resolved it, when the finding resolves", async () => {
    const opened: string[] = [];
    const closed: string[] = [];
    const ticketer = {
      name: "recorder",
      open: async (alert: { finding: { ruleId: string } }) => `T-${opened.push(alert.finding.ruleId)}`,
      resolve: async (alert: Alert) => {
        closed.push(resolvedBy(alert));
        return "T-1";
      },
    };
    harness = await start({ ...HARNESS_SETTINGS, rules: { "kms-key-enabled": { mode: "ticket" } } });
    (harness.services.pipeline.dispatch.ticketers as unknown[]).push(ticketer);
    const result = await harness.kms(sample("kms/disable-key.json"));
    expect(result.actions.map((a) => `${a.action}:${a.target}:${a.status}:${a.detail}`)).toContain(
      "ticket:recorder:sent:T-1",
    );
    expect(opened).toEqual(["kms-key-enabled"]);
    const kms = createKmsClient({
      region: "eu-west-1",
      endpoint: harness.aws.url,
      credentials: TEST_CREDENTIALS,
    });
    await kms.send(new EnableKeyCommand({ KeyId: "4fb25e96-7081-4293-cedf-5a6b7c8d9e05" }));
    const later = await harness.kms({ ...sample("kms/disable-key.json"), id: "after-the-fix" });
    expect(later.actions.map((a) => `${a.action}:${a.status}:${a.detail}`)).toEqual([
      "alert:sent:resolved",
      "ticket:sent:resolved T-1",
    ]);
    expect(opened).toEqual(["kms-key-enabled"]);
    expect(closed).toEqual([expect.stringMatching(/^a fresh read after DisableKey by .* \(.+\)$/)]);
  });
});
