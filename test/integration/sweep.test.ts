import { KMSClient, TagResourceCommand } from "@aws-sdk/client-kms";
import { describe, expect, it, vi } from "vitest";
import { AcmCertificateReader, createAcmClient, createKmsClient, KmsKeyReader } from "../../shared/aws";
import { AcmPcaAuthorityReader } from "../../shared/aws/acmpca-authority-reader";
import { createAcmPcaClient } from "../../shared/aws/acmpca-client";
import { judging, scanRegion, sweepRun } from "../../shared/engine";
import { KEY_RULES, RULES } from "../../shared/rules";
import { parseSettings, selectRules } from "../../shared/settings";
import { type Harness, NOW, published, useHarness } from "../support/event-harness";
import { sampleAccount, TEST_CREDENTIALS } from "../support/sample-account";
import { byResourceAndRule, weekOfSweeps } from "../support/seed-snapshots";

const start = useHarness();
let harness: Harness;

const SETTINGS = { trustedAccounts: ["444455556666"], organizationId: "o-a1b2c3d4e5" };
const seed = sampleAccount(NOW);
const CAS = (seed.certificateAuthorities ?? []).length;
const PUBLIC_KEY = "61d470b8-92a3-44b5-90f1-7c8d9e0f1a07";

describe("sweep handler", () => {
  it("evaluates every resource, alerts once per finding, and sends one digest", async () => {
    harness = await start(SETTINGS);
    const result = await harness.sweep();
    const { digest } = result;
    expect(digest.complete).toBe(true);
    expect(digest.keys).toEqual({
      listed: seed.keys.length,
      evaluated: seed.keys.length,
      unreadable: 0,
      gone: 0,
    });
    expect(digest.certificates).toEqual({
      listed: seed.certificates.length,
      evaluated: seed.certificates.length,
      unreadable: 0,
      gone: 0,
    });
    expect(digest.authorities).toEqual({ listed: CAS, evaluated: CAS, unreadable: 0, gone: 0 });
    // HIGH: a stalled automatic rotation, and imported material never rotated in 500 days.
    expect(digest.nonCompliant["kms-rotation-period"]).toEqual({ MEDIUM: 1, HIGH: 2 });
    // kms-key-unused takes turns: this run judged a seventh of the keys, and says so.
    expect(digest.inTurn).toEqual([{ ruleId: "kms-key-unused", everyDays: 7, judged: expect.any(Number) }]);
    expect(digest.inTurn[0]?.judged).toBeLessThan(seed.keys.length / 2);
    const alerts = published().filter((m) => m.attributes.kind?.StringValue !== "digest");
    const digests = published().filter((m) => m.attributes.kind?.StringValue === "digest");
    // 36: the one unused key is not among the keys this run judges for kms-key-unused; two keys hold
    // grants to untrusted accounts; five findings on private CAs.
    expect(result.findings.some((f) => f.ruleId === "kms-key-unused" && f.status === "NON_COMPLIANT")).toBe(
      false,
    );
    expect(alerts).toHaveLength(36);
    expect(digest.changes).toHaveLength(36);
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toBe(
      "[keysentry] sweep 111122223333 eu-west-1: 36 non-compliant, 0 unreadable",
    );
    expect(digests[0]?.body.summary[1]).toBe(
      `Keys: ${seed.keys.length} listed, ${seed.keys.length} evaluated, 0 unreadable, 0 gone. Certificates: ${seed.certificates.length} listed, ${seed.certificates.length} evaluated, 0 unreadable, 0 gone. Private CAs: ${CAS} listed, ${CAS} evaluated, 0 unreadable, 0 gone.`,
    );
  });

  it("keeps repeats quiet on the next run", async () => {
    harness = await start(SETTINGS);
    await harness.sweep();
    const before = published().length;
    const second = await harness.sweep();
    expect(second.digest.changes).toEqual([]);
    expect(published().length - before).toBe(1); // the digest only
  });

  // A scan and a week of sweeps over the whole sample account: about 10 s on two loaded cores.
  it("gives the same findings as a scan", { timeout: 60_000 }, async () => {
    harness = await start(SETTINGS);
    const client = { region: seed.region, endpoint: harness.aws.url, credentials: TEST_CREDENTIALS };
    const scan = await scanRegion({
      keys: new KmsKeyReader(createKmsClient(client)),
      certificates: new AcmCertificateReader(createAcmClient(client)),
      authorities: new AcmPcaAuthorityReader(createAcmPcaClient(client)),
      selections: selectRules(parseSettings(SETTINGS)),
      now: NOW,
    });
    // Rules that take turns are judged for every key over a week of daily sweeps, once each.
    const inTurn = new Set(RULES.filter((r) => r.judgedEveryDays).map((r) => r.id));
    const week = await weekOfSweeps(
      (run) => harness.sweep({ cursor: { keys: 0, certificates: 0, run } }),
      sweepRun(NOW, 24),
      inTurn,
    );
    expect(byResourceAndRule(week.findings)).toEqual(byResourceAndRule(scan.findings));
    expect(week.judgedPerRun.reduce((a, b) => a + b)).toBe(seed.keys.length);
    expect(Math.max(...week.judgedPerRun)).toBeLessThan(seed.keys.length / 2);
  });

  it("a follow-up run judges the turns of the run it continues", async () => {
    harness = await start(SETTINGS);
    const run = sweepRun(NOW, 24) + 3;
    const whole = await harness.sweep({ cursor: { keys: 0, certificates: 0, run } });
    let checks = 0;
    const first = await harness.sweep({ cursor: { keys: 0, certificates: 0, run } }, () =>
      ++checks > 10 ? 0 : 900_000,
    );
    expect(first.cursor?.run).toBe(run);
    const second = await harness.sweep({ cursor: first.cursor });
    const unused = (findings: { ruleId: string; resourceArn: string }[]) =>
      findings
        .filter((f) => f.ruleId === "kms-key-unused")
        .map((f) => f.resourceArn)
        .sort();
    expect(unused([...first.findings, ...second.findings])).toEqual(unused(whole.findings));
  });

  it("retries an unreadable resource once, then reports it as ERROR in the digest", async () => {
    harness = await start(SETTINGS);
    harness.aws.faults.push({
      operation: "DescribeKey",
      resource: PUBLIC_KEY,
      error: { code: "AccessDeniedException", message: "not authorized" },
    });
    const { digest } = await harness.sweep();
    expect(
      harness.aws.calls.filter((c) => c.operation === "DescribeKey" && c.input.KeyId === PUBLIC_KEY),
    ).toHaveLength(2);
    expect(digest.keys).toMatchObject({
      listed: seed.keys.length,
      evaluated: seed.keys.length - 1,
      unreadable: 1,
    });
    // Every key rule this run judges (kms-key-unused only on the key's turn).
    const arn = `arn:aws:kms:${seed.region}:${seed.account}:key/${PUBLIC_KEY}`;
    const turn = { kind: "sweep", run: sweepRun(NOW, 24), everyHours: 24 } as const;
    expect(digest.unreadable.map((u) => u.ruleId).sort()).toEqual(
      KEY_RULES.filter((r) => judging(r, arn, turn) === "judge")
        .map((r) => r.id)
        .sort(),
    );
    expect(new Set(digest.unreadable.map((u) => u.code))).toEqual(new Set(["AccessDeniedException"]));
  });

  it("reads exemption tags key by key when the bulk read is denied, and says so in the digest", async () => {
    const exemptPublicKey = () =>
      new KMSClient({ region: seed.region, endpoint: harness.aws.url, credentials: TEST_CREDENTIALS }).send(
        new TagResourceCommand({
          KeyId: PUBLIC_KEY,
          Tags: [{ TagKey: "keysentry:exempt", TagValue: "all" }],
        }),
      );
    harness = await start(SETTINGS);
    await exemptPublicKey();
    const before = await harness.sweep();
    harness = await start(SETTINGS);
    await exemptPublicKey();
    harness.aws.faults.push({
      operation: "GetResources",
      error: { code: "AccessDeniedException", status: 400 },
    });
    const { digest, findings } = await harness.sweep();
    expect(before.digest.exemptionTagsReadEach).toBeUndefined();
    expect(digest.exemptionTagsReadEach).toBe("AccessDeniedException");
    // The same exemptions, at a tag read per troubled resource.
    expect(before.digest.exempt).toBeGreaterThan(0);
    expect(digest.exempt).toBe(before.digest.exempt);
    expect(byResourceAndRule(findings)).toEqual(byResourceAndRule(before.findings));
    expect(harness.aws.calls.some((c) => c.operation === "ListResourceTags")).toBe(true);
    const digests = published().filter((m) => m.attributes.kind?.StringValue === "digest");
    expect(digests.at(-1)?.body.summary).toContain(
      "Exemption tags were read resource by resource: GetResources failed (AccessDeniedException); the sweep role's tag:GetResources reads them in one call.",
    );
  });

  it("stops short of the deadline, saves a cursor, and the follow-up run finishes the job", async () => {
    harness = await start(SETTINGS);
    const metrics = vi.spyOn(harness.services.metrics, "addMetric");
    const completed = () =>
      metrics.mock.calls.filter(([name]) => name === "SweepCompleted").map(([, , n]) => n);
    let checks = 0;
    // Time runs out after about ten checks (the Lambda context middleware may ask too).
    const first = await harness.sweep({}, () => (++checks > 10 ? 0 : 900_000));
    expect(first.digest.complete).toBe(false);
    // A run that stops short says so: the SweepNotCompleted alarm counts it as not completed.
    expect(completed()).toEqual([0]);
    // Keys, certificates and CAs run side by side, so the checks are shared between the lists.
    const started =
      (first.cursor?.keys ?? 0) + (first.cursor?.certificates ?? 0) + (first.cursor?.authorities ?? 0);
    expect(started).toBeGreaterThanOrEqual(8);
    expect(started).toBeLessThanOrEqual(10);
    expect(first.digest.keys.evaluated).toBe(first.cursor?.keys);
    expect(first.digest.certificates.evaluated).toBe(first.cursor?.certificates);
    expect(harness.continuations).toEqual([first.cursor]);
    const second = await harness.sweep({ cursor: first.cursor });
    expect(second.digest.complete).toBe(true);
    expect(completed()).toEqual([0, 1]);
    const resources = new Set([...first.findings, ...second.findings].map((f) => f.resourceArn));
    expect(resources.size).toBe(seed.keys.length + seed.certificates.length + CAS);
  });
});
