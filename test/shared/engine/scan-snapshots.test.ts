import { afterEach, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../../local-aws";
import { AcmCertificateReader, createAcmClient, createKmsClient, KmsKeyReader } from "../../../shared/aws";
import { scanRegion } from "../../../shared/engine";
import type { Snapshot } from "../../../shared/model";
import { parseSettings, selectRules } from "../../../shared/settings";
import { sampleAccount, TEST_CREDENTIALS } from "../../support/sample-account";

const NOW = new Date("2026-03-10T12:00:00Z");
const seed = sampleAccount(NOW);
let aws: LocalAws | undefined;

afterEach(async () => {
  await aws?.close();
});

describe("scanRegion's onSnapshot", () => {
  it("hands over each resource's snapshot as the rules saw it, facets read included", async () => {
    aws = await startLocalAws({ seed });
    const config = { region: seed.region, endpoint: aws.url, credentials: TEST_CREDENTIALS, maxAttempts: 2 };
    const snapshots: Snapshot[] = [];
    const result = await scanRegion({
      keys: new KmsKeyReader(createKmsClient(config)),
      certificates: new AcmCertificateReader(createAcmClient(config)),
      selections: selectRules(parseSettings({})),
      now: NOW,
      onSnapshot: (snapshot) => snapshots.push(snapshot),
    });
    const keys = snapshots.filter((s) => s.resourceType === "AWS::KMS::Key");
    expect(keys).toHaveLength(result.keys.evaluated);
    expect(snapshots.filter((s) => s.resourceType === "AWS::ACM::Certificate")).toHaveLength(
      result.certificates.evaluated,
    );
    // The facets the rules read are in the snapshot handed over (the policy rules read every policy they judge).
    const policies = keys.filter((k) => k.resourceType === "AWS::KMS::Key" && k.policy.state === "read");
    expect(policies.length).toBeGreaterThan(keys.length / 2);
  });
});
