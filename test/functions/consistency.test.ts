import { describe, expect, it } from "vitest";
import { AcmCertificateReader, createAcmClient, createKmsClient, KmsKeyReader } from "../../shared/aws";
import { scanRegion } from "../../shared/engine";
import type { Finding } from "../../shared/model";
import { RULES } from "../../shared/rules";
import { parseSettings, selectRules } from "../../shared/settings";
import { type Harness, NOW, sample, useHarness } from "../support/event-harness";
import { sampleAccount, TEST_CREDENTIALS } from "../support/sample-account";
import { byResourceAndRule } from "../support/seed-snapshots";

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

describe("one engine behind every path", () => {
  it("gives each resource the same findings from the CLI scan, the event path and the Config rules", async () => {
    harness = await start(SETTINGS);
    const client = { region: REGION, endpoint: harness.aws.url, credentials: TEST_CREDENTIALS };
    const selections = selectRules(parseSettings(SETTINGS));
    const scan = await scanRegion({
      keys: new KmsKeyReader(createKmsClient(client)),
      certificates: new AcmCertificateReader(createAcmClient(client)),
      selections,
      now: NOW,
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

    expect(resources).toHaveLength(seed.keys.length + seed.certificates.length);
    expect(byResourceAndRule(events)).toEqual(byResourceAndRule(scan.findings));
    expect(byResourceAndRule(config)).toEqual(byResourceAndRule(scan.findings));
  });
});
