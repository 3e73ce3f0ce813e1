import { KMSClient } from "@aws-sdk/client-kms";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalAws, type SeedAccount, type SeedGrant, startLocalAws } from "../../../local-aws";
import { remediationFor } from "../../../shared/actions/remediations";
import { remediateAndVerify } from "../../../shared/actions/verify";
import { KmsActuator, KmsKeyReader } from "../../../shared/aws";
import { loadKeyFacets, loadKeySnapshot } from "../../../shared/inventory";
import { parseSettings, selectRules } from "../../../shared/settings";
import { sampleAccount, TEST_CREDENTIALS } from "../../support/sample-account";

const NOW = new Date("2026-11-01T00:00:00Z");
const KEY = "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02";
const base = sampleAccount(NOW);

const own: SeedGrant = { GranteePrincipal: "arn:aws:iam::111122223333:role/Batch", Operations: ["Decrypt"] };
const ebs: SeedGrant = {
  GranteePrincipal: "ec2.eu-west-1.amazonaws.com",
  RetiringPrincipal: "ec2.eu-west-1.amazonaws.com",
  Operations: ["Decrypt", "CreateGrant"],
  Constraints: { EncryptionContextSubset: { "aws:ebs:id": "vol-0a1b2c3d4e5f60718" } },
};
const partner: SeedGrant = {
  GranteePrincipal: "arn:aws:iam::444455556666:role/Reader",
  Operations: ["Decrypt"],
};
const stranger = (n: number): SeedGrant => ({
  GranteePrincipal: `arn:aws:iam::999988887777:role/ingest-${n}`,
  Operations: ["Decrypt", "CreateGrant"],
});
const unplaceable: SeedGrant = { GranteePrincipal: "arn:aws:iam::*:role/whoever", Operations: ["Decrypt"] };

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function remediate(grants: SeedGrant[]) {
  const seed: SeedAccount = {
    ...base,
    keys: base.keys.map((k) => (k.KeyId === KEY ? { ...k, Grants: grants } : k)),
  };
  aws = await startLocalAws({ seed, clock: () => NOW });
  const kms = new KMSClient({
    region: seed.region,
    endpoint: aws.url,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const reader = new KmsKeyReader(kms);
  const settings = parseSettings({
    trustedAccounts: ["444455556666"],
    rules: { "kms-grant-principals": { mode: "remediate" } },
  });
  const selection = selectRules(settings, ["kms-grant-principals"])[0]!;
  const snapshot = await loadKeyFacets(reader, await loadKeySnapshot(reader, { keyId: KEY, keyArn: "" }), [
    "grants",
  ]);
  const tools = {
    reader,
    actuator: new KmsActuator(kms),
    priorState: { stateBeforeDeletion: async () => undefined },
  };
  const outcome = await remediateAndVerify(snapshot, selection, tools, { rotationPeriodDays: 365, now: NOW });
  const revoked = aws.calls.filter((c) => c.operation === "RevokeGrant").map((c) => c.input);
  return { outcome, revoked, snapshot, selection };
}

describe("revoke-external-grants", () => {
  it("revokes only the grants to an untrusted account's principals, by key ARN, then verifies with a fresh ListGrants", async () => {
    const { outcome, revoked } = await remediate([own, ebs, partner, stranger(1)]);
    expect(outcome).toMatchObject({ status: "verified" });
    expect(outcome.detail).toMatch(
      /revoked 1 grant to arn:aws:iam::999988887777:role\/ingest-1; a fresh read passes/,
    );
    expect(revoked).toEqual([
      {
        KeyId: `arn:aws:kms:eu-west-1:111122223333:key/${KEY}`,
        GrantId: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  it("is not verified while a grant it never revokes still fails the rule (a principal it cannot place)", async () => {
    const { outcome, revoked } = await remediate([stranger(1), unplaceable]);
    expect(revoked).toHaveLength(1);
    expect(outcome.status).toBe("not-verified");
    expect(outcome.detail).toMatch(/cannot place in an account/);
  });

  it("is not attempted when no grant names an untrusted account's principal", async () => {
    const { outcome, revoked } = await remediate([own, ebs, unplaceable]);
    expect(outcome).toMatchObject({ status: "skipped", detail: expect.stringMatching(/never revoked/) });
    expect(revoked).toEqual([]);
  });

  it("revokes at most 20 grants of a key in one run and says how many wait", async () => {
    const { outcome, revoked } = await remediate(Array.from({ length: 23 }, (_, i) => stranger(i)));
    expect(revoked).toHaveLength(20);
    expect(outcome).toMatchObject({
      status: "not-verified",
      detail: expect.stringMatching(/3 more wait for the next run/),
    });
    expect(remediationFor("kms-grant-principals")?.permissions).toContain("kms:RevokeGrant");
  });
});
