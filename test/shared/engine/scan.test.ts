import { afterEach, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../../local-aws";
import {
  AcmCertificateReader,
  ALL_KEY_PAIR_ORIGINS,
  ALL_KEY_TYPES,
  createAcmClient,
  createKmsClient,
  KmsKeyReader,
} from "../../../shared/aws";
import { AcmPcaAuthorityReader } from "../../../shared/aws/acmpca-authority-reader";
import { createAcmPcaClient } from "../../../shared/aws/acmpca-client";
import { scanRegion } from "../../../shared/engine";
import type { KeyReader } from "../../../shared/inventory";
import type { Finding } from "../../../shared/model";
import { parseSettings, selectRules } from "../../../shared/settings";
import { sampleAccount, TEST_CREDENTIALS } from "../../support/sample-account";
import { byResourceAndRule, predictFindings } from "../../support/seed-snapshots";

const NOW = new Date("2026-03-10T12:00:00Z");
const seed = sampleAccount(NOW);
const selections = selectRules(
  parseSettings({ trustedAccounts: ["444455556666"], organizationId: "o-a1b2c3d4e5" }),
);
let aws: LocalAws | undefined;

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function scan(
  options: Parameters<typeof startLocalAws>[0] = { seed },
  wrapKeys?: (reader: KeyReader, local: LocalAws) => KeyReader,
) {
  aws = await startLocalAws(options);
  const config = { region: seed.region, endpoint: aws.url, credentials: TEST_CREDENTIALS, maxAttempts: 2 };
  const kmsReader = new KmsKeyReader(createKmsClient(config));
  return scanRegion({
    keys: wrapKeys ? wrapKeys(kmsReader, aws) : kmsReader,
    certificates: new AcmCertificateReader(createAcmClient(config)),
    authorities: new AcmPcaAuthorityReader(createAcmPcaClient(config)),
    selections,
    now: NOW,
  });
}

const KEY_WITH_STALLED_ROTATION = "3ea14d85-6f70-4182-bdce-4f5a6b7c8d04";
const PUBLIC_KEY = "61d470b8-92a3-44b5-90f1-7c8d9e0f1a07";

describe("scanRegion against the local endpoint", () => {
  it("returns exactly the findings the rules give on complete snapshots", async () => {
    const result = await scan();
    expect(byResourceAndRule(result.findings)).toEqual(
      byResourceAndRule(predictFindings(seed, selections, NOW)),
    );
    expect(result.keys).toEqual({
      listed: seed.keys.length,
      evaluated: seed.keys.length,
      unreadable: 0,
      gone: 0,
    });
    expect(result.certificates).toEqual({
      listed: seed.certificates.length,
      evaluated: seed.certificates.length,
      unreadable: 0,
      gone: 0,
    });
  });

  it("reads each key with the fewest calls", async () => {
    await scan();
    const calls = aws!.countCalls();
    const keys = seed.keys;
    const customer = keys.filter((k) => k.KeyManager !== "AWS");
    const rotationEligible = customer.filter(
      (k) =>
        (k.KeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" &&
        (k.Origin ?? "AWS_KMS") === "AWS_KMS" &&
        !k.CustomKeyStoreId &&
        k.MultiRegionConfiguration?.MultiRegionKeyType !== "REPLICA" &&
        !["PendingDeletion", "PendingReplicaDeletion", "PendingImport", "Disabled"].includes(
          k.KeyState ?? "Enabled",
        ),
    );
    expect(calls.DescribeKey).toBe(keys.length);
    expect(calls.GetKeyPolicy).toBe(customer.length);
    expect(calls.GetKeyRotationStatus).toBe(rotationEligible.length);
    // Of the KMS-generated keys, only the one whose next rotation date passed needs its history;
    // imported symmetric keys with material are read for their materials.
    const state = (k: (typeof keys)[number]) => k.KeyState ?? "Enabled";
    const importedWithMaterial = customer.filter(
      (k) =>
        k.Origin === "EXTERNAL" &&
        (k.KeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" &&
        !["PendingDeletion", "PendingReplicaDeletion", "PendingImport"].includes(state(k)),
    );
    const rotationReads = aws!.calls.filter((c) => c.operation === "ListKeyRotations");
    expect(rotationReads.map((c) => c.input.KeyId).sort()).toEqual(
      [KEY_WITH_STALLED_ROTATION, ...importedWithMaterial.map((k) => k.KeyId)].sort(),
    );
    expect(rotationReads.filter((c) => c.input.IncludeKeyMaterial === "ALL_KEY_MATERIAL")).toHaveLength(
      importedWithMaterial.length,
    );
    // Last use: keys disabled or pending deletion, and enabled keys old enough to have gone unused.
    const unusedPeriodAgo = NOW.getTime() - 180 * 86_400_000;
    const lastUseRead = customer.filter(
      (k) =>
        ["Disabled", "PendingDeletion", "PendingReplicaDeletion"].includes(state(k)) ||
        (state(k) === "Enabled" && new Date(k.CreationDate).getTime() <= unusedPeriodAgo),
    );
    expect(calls.GetKeyLastUsage).toBe(lastUseRead.length);
    expect(calls.ListKeys).toBe(1);
    expect(calls.ListAliases).toBe(1);
    expect(calls.ListResourceTags).toBeUndefined();
    expect(calls.SearchCertificates).toBe(1);
    expect(calls.ListCertificates).toBeUndefined();
    // Details only for public certificates (CT preference) and for ACM-renewed ones inside the renewal window.
    expect(calls.DescribeCertificate).toBeLessThan(seed.certificates.length);
    // Grants: one ListGrants page for each customer key (the budget with grants is 4.1 a key).
    expect(calls.ListGrants).toBe(customer.length);
    const kmsCalls = Object.entries(calls)
      .filter(([op]) => !op.includes("Certificate"))
      .reduce((sum, [, n]) => sum + n, 0);
    expect((kmsCalls - (calls.ListGrants ?? 0)) / keys.length).toBeLessThanOrEqual(3.1);
    expect(kmsCalls / keys.length).toBeLessThanOrEqual(4.1);
  });

  it("lists certificates of every key type and key-pair origin", async () => {
    const result = await scan();
    const listed = new Set(
      result.findings.filter((f) => f.resourceType === "AWS::ACM::Certificate").map((f) => f.resourceId),
    );
    expect(listed.size).toBe(seed.certificates.length);
    expect(
      aws!.calls.find((c) => c.operation === "SearchCertificates")?.input.FilterStatement,
    ).toBeUndefined();
  });

  it("reads through ListCertificates and DescribeCertificate where SearchCertificates is unknown, to the same decisions", async () => {
    const unknown = { code: "UnknownOperationException", message: "Unknown operation SearchCertificates" };
    const result = await scan({ seed, faults: [{ operation: "SearchCertificates", error: unknown }] });
    // Evidence may hold more where DescribeCertificate was read (the renewal's last update).
    const decisions = (findings: Finding[]) =>
      byResourceAndRule(findings).map((f) => `${f.resourceId} ${f.ruleId} ${f.status} ${f.severity}`);
    expect(decisions(result.findings)).toEqual(decisions(predictFindings(seed, selections, NOW)));
    expect(aws!.calls.filter((c) => c.operation === "SearchCertificates")).toHaveLength(1);
    const listings = aws!.calls.filter((c) => c.operation === "ListCertificates");
    expect(listings.map((c) => [c.input.Includes, c.input.CertificateKeyPairOrigins])).toEqual([
      [{ keyTypes: ALL_KEY_TYPES }, ALL_KEY_PAIR_ORIGINS],
    ]);
  });

  it("turns a denied policy read into ERROR findings for the policy rules only", async () => {
    const result = await scan({
      seed,
      faults: [
        {
          operation: "GetKeyPolicy",
          resource: PUBLIC_KEY,
          error: { code: "AccessDeniedException", message: "not authorized to perform: kms:GetKeyPolicy" },
        },
      ],
    });
    const forKey = result.findings.filter((f) => f.resourceId === PUBLIC_KEY);
    expect(
      forKey
        .filter((f) => f.status === "ERROR")
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(["kms-policy-no-public-access", "kms-policy-root-access", "kms-policy-trusted-accounts"]);
    expect(forKey.find((f) => f.ruleId === "kms-rotation-enabled")?.status).toBe("COMPLIANT");
    expect(result.keys.evaluated).toBe(seed.keys.length);
  });

  it("reports every rule as ERROR for a key it cannot describe, and still accounts for it", async () => {
    const result = await scan({
      seed,
      faults: [{ operation: "DescribeKey", resource: PUBLIC_KEY, error: { code: "AccessDeniedException" } }],
    });
    const forKey = result.findings.filter((f) => f.resourceId === PUBLIC_KEY);
    expect(forKey).toHaveLength(selections.filter((s) => s.rule.resourceType === "AWS::KMS::Key").length);
    expect(forKey.every((f) => f.status === "ERROR" && f.resourceArn.endsWith(PUBLIC_KEY))).toBe(true);
    expect(result.keys).toMatchObject({
      listed: seed.keys.length,
      evaluated: seed.keys.length - 1,
      unreadable: 1,
    });
  });

  it("retries throttling and 5xx until the read succeeds", async () => {
    const result = await scan({
      seed,
      faults: [
        { operation: "DescribeKey", resource: PUBLIC_KEY, error: { code: "ThrottlingException" }, times: 1 },
        {
          operation: "GetKeyPolicy",
          resource: PUBLIC_KEY,
          error: { code: "KMSInternalException", status: 500 },
          times: 1,
        },
      ],
    });
    expect(result.findings.filter((f) => f.status === "ERROR")).toEqual([]);
    expect(
      aws!.calls
        .filter((c) => c.operation === "DescribeKey" && c.input.KeyId === PUBLIC_KEY)
        .map((c) => c.status),
    ).toEqual([400, 200]);
  });

  it("reports a key deleted between listing and reading as NOT_APPLICABLE", async () => {
    const result = await scan({ seed }, (reader, local) =>
      Object.assign(Object.create(reader) as KeyReader, {
        describeKey(id: string) {
          if (id === PUBLIC_KEY) local.kms.purge(id);
          return reader.describeKey(id);
        },
      }),
    );
    const forKey = result.findings.filter((f) => f.resourceId === PUBLIC_KEY);
    expect(
      forKey.every((f) => f.status === "NOT_APPLICABLE" && f.annotation.endsWith("no longer exists")),
    ).toBe(true);
    expect(result.keys).toMatchObject({ listed: seed.keys.length, gone: 1 });
  });
});
