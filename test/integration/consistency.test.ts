import { AddTagsToCertificateCommand } from "@aws-sdk/client-acm";
import { TagResourceCommand } from "@aws-sdk/client-kms";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { describe, expect, it } from "vitest";
import {
  AcmCertificateReader,
  createAcmClient,
  createKmsClient,
  KmsKeyReader,
  TaggingReader,
} from "../../shared/aws";
import { AcmPcaAuthorityReader } from "../../shared/aws/acmpca-authority-reader";
import { createAcmPcaClient } from "../../shared/aws/acmpca-client";
import { scanRegion, sweepRun } from "../../shared/engine";
import type { Finding } from "../../shared/model";
import { RULES } from "../../shared/rules";
import { parseSettings, selectRules } from "../../shared/settings";
import { evaluationsPut, type Harness, NOW, published, sample, useHarness } from "../support/event-harness";
import { sampleAccount, TEST_CREDENTIALS } from "../support/sample-account";
import { byResourceAndRule, weekOfSweeps } from "../support/seed-snapshots";

const start = useHarness();
let harness: Harness;

const SETTINGS = { trustedAccounts: ["444455556666"], organizationId: "o-a1b2c3d4e5" };
const seed = sampleAccount(NOW);
const ACCOUNT = seed.account;
const REGION = seed.region;

/** A native event about one resource: it names the resource and nothing else. */
function eventAbout(resourceType: string, arn: string) {
  const common = {
    version: "0",
    account: ACCOUNT,
    region: REGION,
    time: NOW.toISOString(),
    resources: [arn],
  };
  if (resourceType === "AWS::ACMPCA::CertificateAuthority")
    return {
      ...common,
      id: `consistency-${arn}`,
      "detail-type": "ACM Private CA CRL Generation",
      source: "aws.acm-pca",
      detail: { result: "success" },
    };
  return resourceType === "AWS::KMS::Key"
    ? {
        ...common,
        id: `consistency-${arn}`,
        "detail-type": "KMS CMK Rotation",
        source: "aws.kms",
        detail: { "key-id": arn.split("/").pop() },
      }
    : {
        ...common,
        id: `consistency-${arn}`,
        "detail-type": "ACM Certificate Available",
        source: "aws.acm",
        detail: {},
      };
}

/** A change notification for one rule and one resource, shaped like the samples in events/config. */
function changeNotification(ruleId: string, resourceType: string, resourceId: string, arn: string) {
  const template = sample("config/kms-change.json");
  const item = {
    configurationItemCaptureTime: NOW.toISOString(),
    configurationItemStatus: "OK",
    resourceType,
    resourceId,
    ARN: arn,
    awsRegion: REGION,
    awsAccountId: ACCOUNT,
  };
  return {
    ...template,
    configRuleName: `keysentry-${ruleId}`,
    ruleParameters: "{}",
    invokingEvent: JSON.stringify({
      messageType: "ConfigurationItemChangeNotification",
      notificationCreationTime: NOW.toISOString(),
      configurationItem: item,
    }),
  };
}

/** A disabled key and an expired certificate of the sample account, exempted by tag. */
const EXEMPT_KEY = "4fb25e96-7081-4293-cedf-5a6b7c8d9e05";
const EXEMPT_UNTIL = "2027-06-30";

async function exempt(client: { region: string; endpoint: string; credentials: typeof TEST_CREDENTIALS }) {
  await createKmsClient(client).send(
    new TagResourceCommand({
      KeyId: EXEMPT_KEY,
      Tags: [
        { TagKey: "keysentry:exempt", TagValue: "all" },
        { TagKey: "keysentry:exempt-until", TagValue: EXEMPT_UNTIL },
        { TagKey: "keysentry:exempt-reason", TagValue: "batch job retired next quarter" },
      ],
    }),
  );
  const certificate = seed.certificates.find((c) => c.Status === "EXPIRED")!;
  const certificateArn = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${certificate.CertificateId}`;
  await createAcmClient(client).send(
    new AddTagsToCertificateCommand({
      CertificateArn: certificateArn,
      Tags: [{ Key: "keysentry:exempt", Value: "acm-certificate-expiry" }],
    }),
  );
  return certificateArn;
}

describe("one engine behind every path", () => {
  it("gives each resource the same findings, exemptions included, from the CLI scan, the event path, the Config rules and the sweep", async () => {
    harness = await start(SETTINGS);
    const client = { region: REGION, endpoint: harness.aws.url, credentials: TEST_CREDENTIALS };
    const exemptCertificate = await exempt(client);
    const settings = parseSettings(SETTINGS);
    const selections = selectRules(settings);
    const scan = await scanRegion({
      keys: new KmsKeyReader(createKmsClient(client)),
      certificates: new AcmCertificateReader(createAcmClient(client)),
      authorities: new AcmPcaAuthorityReader(createAcmPcaClient(client)),
      tagged: new TaggingReader(new ResourceGroupsTaggingAPIClient(client)),
      exemptionTags: settings.exemptionTags,
      selections,
      now: NOW,
    });
    const exemptions = scan.findings.filter((f) => f.exemption?.state === "exempt");
    expect(new Set(exemptions.map((f) => f.resourceArn))).toEqual(
      new Set([`arn:aws:kms:${REGION}:${ACCOUNT}:key/${EXEMPT_KEY}`, exemptCertificate]),
    );
    expect(exemptions.find((f) => f.ruleId === "kms-key-enabled")?.exemption).toEqual({
      state: "exempt",
      tag: "keysentry:exempt",
      reason: "batch job retired next quarter",
      until: EXEMPT_UNTIL,
    });

    const resources = [...new Map(scan.findings.map((f) => [f.resourceArn, f])).values()];
    const events: Finding[] = [];
    const config: Finding[] = [];
    for (const { resourceType, resourceArn, resourceId } of resources) {
      const handler = resourceType === "AWS::KMS::Key" ? harness.kms : harness.acm;
      events.push(...(await handler(eventAbout(resourceType, resourceArn))).findings);
      for (const rule of RULES.filter((r) => r.resourceType === resourceType)) {
        config.push(
          ...(await harness.configRule(changeNotification(rule.id, resourceType, resourceId, resourceArn)))
            .findings,
        );
      }
    }

    expect(resources).toHaveLength(
      seed.keys.length + seed.certificates.length + (seed.certificateAuthorities ?? []).length,
    );
    expect((seed.certificateAuthorities ?? []).length).toBeGreaterThan(0);
    // The certificate rules issue 12 added or changed meet every status here, so each path is compared on each.
    for (const ruleId of ["acm-certificate-export", "acm-certificate-transparency-logging"])
      expect(new Set(scan.findings.filter((f) => f.ruleId === ruleId).map((f) => f.status))).toEqual(
        new Set(["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]),
      );
    // The rules of 2026 are not vacuously equal: each judges something here on every path.
    const failing = (ruleId: string) =>
      scan.findings
        .filter((f) => f.ruleId === ruleId && f.status === "NON_COMPLIANT")
        .map((f) => f.resourceId);
    expect(failing("kms-key-unused")).toEqual(["8a1f3c5e-7b9d-4e2f-a6c8-0e2a4c6e8a31"]);
    // Grants: the EBS, logs and trusted partner grants pass; an untrusted reader and a re-delegating contractor fail.
    expect(failing("kms-grant-principals").sort()).toEqual([
      "4f5c5e96-7081-4293-f4df-5acf3a4b5c23",
      "94a7a3eb-c5d6-47e8-8324-af1a2b3c4d10",
    ]);
    expect(
      new Set(scan.findings.filter((f) => f.ruleId === "kms-grant-principals").map((f) => f.status)),
    ).toEqual(new Set(["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]));
    expect(failing("kms-rotation-period")).toContain("e07f9cbe-d15d-4e8f-8c2e-6e8a0c2e4a37");
    expect(failing("kms-imported-material-expiry")).toContain("e07f9cbe-d15d-4e8f-8c2e-6e8a0c2e4a37");
    expect(
      scan.findings.find((f) => f.ruleId === "kms-not-pending-deletion" && f.status === "NON_COMPLIANT")
        ?.evidence,
    ).toHaveProperty("lastUsedAt");
    expect(
      scan.findings
        .filter((f) => f.annotation.includes("is not known to this version of keysentry"))
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(["kms-rotation-enabled", "kms-rotation-period"]);
    // An event judges a rule that takes turns, or one whose read only the events it names pay for,
    // only when the other rules' reads settle it (here: keys kms-key-unused does not apply to, or
    // too young; keys grants are not read for); the rest agree finding for finding.
    const inTurn = new Set(RULES.filter((r) => r.judgedEveryDays).map((r) => r.id));
    const ownReads = new Set(RULES.filter((r) => r.readsOnEvents).map((r) => r.id));
    const judgedByEvents = new Set(events.map((f) => `${f.ruleId} ${f.resourceArn}`));
    const leftToTheSweep = scan.findings.filter((f) => !judgedByEvents.has(`${f.ruleId} ${f.resourceArn}`));
    expect(new Set(leftToTheSweep.map((f) => f.ruleId))).toEqual(new Set([...inTurn, ...ownReads]));
    expect(new Set(leftToTheSweep.map((f) => f.status))).toEqual(new Set(["COMPLIANT", "NON_COMPLIANT"]));
    expect(events.filter((f) => inTurn.has(f.ruleId)).map((f) => f.status)).toContain("NOT_APPLICABLE");
    expect(byResourceAndRule(events)).toEqual(
      byResourceAndRule(scan.findings.filter((f) => judgedByEvents.has(`${f.ruleId} ${f.resourceArn}`))),
    );
    expect(byResourceAndRule(config)).toEqual(byResourceAndRule(scan.findings));
    // Config hears NOT_APPLICABLE with the exemption; no alert went out about an exempt finding.
    const keyEvaluations = evaluationsPut()
      .flatMap((put) => put.Evaluations ?? [])
      .filter((e) => e.ComplianceResourceId === EXEMPT_KEY);
    expect(keyEvaluations.map((e) => [e.ComplianceType, e.Annotation])).toContainEqual([
      "NOT_APPLICABLE",
      `exempt until ${EXEMPT_UNTIL}: batch job retired next quarter`,
    ]);
    const alerted = published().map((m) => `${m.body.finding?.ruleId} ${m.body.finding?.resourceArn}`);
    for (const f of exemptions) expect(alerted).not.toContain(`${f.ruleId} ${f.resourceArn}`);

    const sweep = await harness.sweep();
    expect(sweep.digest.exempt).toBe(exemptions.length);
    const week = await weekOfSweeps(
      (run) => harness.sweep({ cursor: { keys: 0, certificates: 0, run } }),
      sweepRun(NOW, 24),
      inTurn,
    );
    expect(byResourceAndRule(week.findings)).toEqual(byResourceAndRule(scan.findings));
  }, 60_000); // four paths and a week of sweeps over the whole sample account
});
