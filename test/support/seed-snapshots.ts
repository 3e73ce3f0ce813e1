/**
 * The reference model for integration tests: complete snapshots built straight from a
 * seed account, with every facet present. Rules evaluated on these are what a scan
 * through the SDK, the local endpoint and lazy reads must reproduce exactly.
 */

import {
  exportOptionOf,
  grantIdOf,
  issuedAtOf,
  originOf,
  renewalEligibilityOf,
  type SeedAccount,
  type SeedCertificate,
  type SeedCertificateAuthority,
  type SeedGrant,
  type SeedKey,
  seedMaterials,
} from "../../local-aws";
import { verdictFinding } from "../../shared/engine";
import {
  type CertificateAuthoritySnapshot,
  type CertificateSnapshot,
  type Facet,
  type Finding,
  type KeyGrant,
  type KeyMaterials,
  type KeySnapshot,
  type LastRotation,
  type LastUsage,
  type RotationStatus,
  read,
  UNREAD,
} from "../../shared/model";
import { parseKeyPolicy } from "../../shared/policy";
import type { RuleSelection } from "../../shared/settings";

const date = (value?: string) => (value ? new Date(value) : undefined);

function rotationOf(seed: SeedKey): RotationStatus {
  const spec = seed.KeySpec ?? "SYMMETRIC_DEFAULT";
  if (spec !== "SYMMETRIC_DEFAULT" || (seed.Origin ?? "AWS_KMS") !== "AWS_KMS" || seed.CustomKeyStoreId)
    return { supported: false };
  const enabled =
    (seed.Rotation?.Enabled ?? seed.KeyManager === "AWS") && seed.KeyState !== "PendingDeletion";
  return {
    supported: true,
    enabled,
    periodDays: enabled ? (seed.Rotation?.RotationPeriodInDays ?? 365) : undefined,
    nextRotationDate: enabled ? date(seed.Rotation?.NextRotationDate) : undefined,
    onDemandRotationStartDate: date(seed.Rotation?.OnDemandRotationStartDate),
  };
}

function lastRotationOf(seed: SeedKey): LastRotation {
  const newest = [...(seed.Rotations ?? [])].sort((a, b) => b.RotationDate.localeCompare(a.RotationDate))[0];
  return newest ? { date: new Date(newest.RotationDate), type: newest.RotationType } : null;
}

/** The materials ListKeyRotations lists with ALL_KEY_MATERIAL; unread for keys that hold none. */
function keyMaterialsOf(seed: SeedKey): Facet<KeyMaterials> {
  const all = seedMaterials(seed).map((m) => ({
    id: m.KeyMaterialId ?? "",
    state: m.KeyMaterialState,
    importState: seed.Origin === "EXTERNAL" ? (m.ImportState ?? "IMPORTED") : undefined,
    expirationModel:
      seed.Origin === "EXTERNAL" ? (m.ExpirationModel ?? "KEY_MATERIAL_DOES_NOT_EXPIRE") : undefined,
    validTo: m.ExpirationModel === "KEY_MATERIAL_EXPIRES" ? date(m.ValidTo) : undefined,
    rotationDate: date(m.RotationDate),
  }));
  const current = all.find((m) => m.state === "CURRENT");
  return current ? read({ current, others: all.filter((m) => m !== current) }) : UNREAD;
}

function lastUsageOf(account: SeedAccount, seed: SeedKey): LastUsage {
  const created = new Date(seed.CreationDate);
  const since = date(account.kmsUsageTrackedSince);
  const use = seed.LastUsage;
  return {
    trackingStartDate: since && since > created ? since : created,
    last: use
      ? { at: new Date(use.Timestamp), operation: use.Operation, cloudTrailEventId: use.CloudTrailEventId }
      : undefined,
  };
}

/** A seed's grants as the reader turns ListGrants entries into KeyGrant. */
function grantsOf(account: SeedAccount, seed: SeedKey): KeyGrant[] {
  return (seed.Grants ?? []).map((g: SeedGrant, i) => ({
    grantId: g.GrantId ?? grantIdOf(seed.KeyId, i),
    name: g.Name || undefined,
    creationDate: date(g.CreationDate),
    granteePrincipal: g.GranteePrincipal,
    granteeServicePrincipal: g.GranteeServicePrincipal,
    retiringPrincipal: g.RetiringPrincipal,
    retiringServicePrincipal: g.RetiringServicePrincipal,
    issuingAccount: g.IssuingAccount ?? `arn:aws:iam::${account.account}:root`,
    operations: g.Operations,
    constraints: {
      ...(g.Constraints?.EncryptionContextSubset && {
        encryptionContextSubset: g.Constraints.EncryptionContextSubset,
      }),
      ...(g.Constraints?.EncryptionContextEquals && {
        encryptionContextEquals: g.Constraints.EncryptionContextEquals,
      }),
      ...(g.Constraints?.SourceArn && { sourceArn: g.Constraints.SourceArn }),
    },
  }));
}

export function keySnapshotOf(account: SeedAccount, seed: SeedKey): KeySnapshot {
  const policy = JSON.stringify(
    seed.Policy ?? {
      Version: "2012-10-17",
      Id: "key-default-1",
      Statement: [
        {
          Sid: "Enable IAM User Permissions",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${account.account}:root` },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    },
  );
  const mrc = seed.MultiRegionConfiguration;
  return {
    resourceType: "AWS::KMS::Key",
    account: account.account,
    region: account.region,
    key: {
      keyId: seed.KeyId,
      arn: `arn:aws:kms:${account.region}:${account.account}:key/${seed.KeyId}`,
      description: seed.Description,
      keyState: (seed.KeyState ?? "Enabled") as KeySnapshot["key"]["keyState"],
      keyManager: seed.KeyManager ?? "CUSTOMER",
      keySpec: seed.KeySpec ?? "SYMMETRIC_DEFAULT",
      keyUsage: seed.KeyUsage ?? "ENCRYPT_DECRYPT",
      origin: (seed.Origin ?? "AWS_KMS") as KeySnapshot["key"]["origin"],
      customKeyStoreId: seed.CustomKeyStoreId,
      multiRegion: seed.MultiRegion ?? false,
      multiRegionConfiguration: mrc
        ? {
            keyType: mrc.MultiRegionKeyType,
            primaryKey: mrc.PrimaryKey
              ? { arn: mrc.PrimaryKey.Arn, region: mrc.PrimaryKey.Region }
              : undefined,
            replicaKeys: (mrc.ReplicaKeys ?? []).map((r) => ({ arn: r.Arn, region: r.Region })),
          }
        : undefined,
      creationDate: new Date(seed.CreationDate),
      deletionDate: seed.KeyState === "PendingDeletion" ? date(seed.DeletionDate) : undefined,
      pendingDeletionWindowInDays:
        seed.KeyState === "PendingReplicaDeletion" ? seed.PendingDeletionWindowInDays : undefined,
      validTo: date(seed.ValidTo),
      expirationModel:
        seed.Origin === "EXTERNAL"
          ? ((seed.ExpirationModel ?? "KEY_MATERIAL_DOES_NOT_EXPIRE") as "KEY_MATERIAL_EXPIRES")
          : undefined,
    },
    aliases: [...(seed.Aliases ?? [])].sort(),
    rotation: read(rotationOf(seed)),
    lastRotation: read(lastRotationOf(seed)),
    keyMaterials: keyMaterialsOf(seed),
    lastUsage: read(lastUsageOf(account, seed)),
    policy: read({ text: policy, document: parseKeyPolicy(policy) }),
    grants: read(grantsOf(account, seed)),
    tags: read(seed.Tags ?? {}),
  };
}

export function certificateSnapshotOf(account: SeedAccount, seed: SeedCertificate): CertificateSnapshot {
  const sans = seed.SubjectAlternativeNames ?? [seed.DomainName];
  const renewal = seed.RenewalSummary;
  return {
    resourceType: "AWS::ACM::Certificate",
    account: account.account,
    region: account.region,
    certificate: {
      arn: `arn:aws:acm:${account.region}:${account.account}:certificate/${seed.CertificateId}`,
      domainName: seed.DomainName,
      subjectAlternativeNames: sans,
      hasAdditionalNames: false,
      type: seed.Type,
      status: seed.Status as CertificateSnapshot["certificate"]["status"],
      notBefore: date(seed.NotBefore),
      notAfter: date(seed.NotAfter),
      inUse: (seed.InUseBy ?? []).length > 0,
      keyAlgorithm: seed.KeyAlgorithm,
      renewalEligibility: renewalEligibilityOf(seed, seed.Exported ?? false),
      renewalStatus: renewal?.RenewalStatus as CertificateSnapshot["certificate"]["renewalStatus"],
      renewalStatusKnown: true,
      issuedAt: date(issuedAtOf(seed)),
      keyPairOrigin: originOf(seed),
      exportOption: exportOptionOf(seed),
      exported: seed.Exported ?? false,
    },
    details: read({
      subjectAlternativeNames: sans,
      inUseBy: seed.InUseBy ?? [],
      renewalSummary: renewal
        ? {
            status: renewal.RenewalStatus as "SUCCESS",
            failureReason: renewal.RenewalStatusReason,
            updatedAt: new Date(renewal.UpdatedAt),
            pendingDomains: (renewal.DomainValidationOptions ?? [])
              .filter((d) => d.ValidationStatus !== "SUCCESS")
              .map((d) => d.DomainName),
          }
        : undefined,
      transparencyLogging:
        seed.Type === "AMAZON_ISSUED" && originOf(seed) === "AWS_MANAGED"
          ? (seed.Options?.CertificateTransparencyLoggingPreference ?? "ENABLED")
          : undefined,
      failureReason: seed.FailureReason,
    }),
    tags: read(seed.Tags ?? {}),
  };
}

export function authoritySnapshotOf(
  account: SeedAccount,
  seed: SeedCertificateAuthority,
): CertificateAuthoritySnapshot {
  const configuration = seed.CertificateAuthorityConfiguration;
  return {
    resourceType: "AWS::ACMPCA::CertificateAuthority",
    account: account.account,
    region: account.region,
    authority: {
      arn: `arn:aws:acm-pca:${account.region}:${account.account}:certificate-authority/${seed.CertificateAuthorityId}`,
      type: seed.Type,
      status: seed.Status,
      commonName: configuration.Subject?.CommonName,
      createdAt: date(seed.CreatedAt),
      notBefore: date(seed.NotBefore),
      notAfter: date(seed.NotAfter),
      failureReason: seed.FailureReason,
      keyAlgorithm: configuration.KeyAlgorithm,
      signingAlgorithm: configuration.SigningAlgorithm,
      crlEnabled: seed.RevocationConfiguration?.CrlConfiguration?.Enabled === true,
      ocspEnabled: seed.RevocationConfiguration?.OcspConfiguration?.Enabled === true,
      usageMode: seed.UsageMode ?? "GENERAL_PURPOSE",
      restorableUntil: date(seed.RestorableUntil),
    },
    tags: read(seed.Tags ?? {}),
  };
}

/** What the rules decide on complete snapshots of every resource in the seed. */
export function predictFindings(
  account: SeedAccount,
  selections: readonly RuleSelection[],
  now: Date,
): Finding[] {
  const snapshots = [
    ...account.keys.map((k) => keySnapshotOf(account, k)),
    ...account.certificates.map((c) => certificateSnapshotOf(account, c)),
    ...(account.certificateAuthorities ?? []).map((ca) => authoritySnapshotOf(account, ca)),
  ];
  return snapshots.flatMap((snapshot) =>
    selections
      .filter(({ rule }) => rule.resourceType === snapshot.resourceType)
      .map(({ rule, params }) => {
        const evaluate = rule.evaluate as (
          s: typeof snapshot,
          p: unknown,
          n: Date,
        ) => ReturnType<typeof rule.evaluate>;
        return verdictFinding(rule, snapshot, evaluate(snapshot, params, now));
      }),
  );
}

/** Findings in a stable order, for comparing two runs. */
export function byResourceAndRule(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => a.resourceId.localeCompare(b.resourceId) || a.ruleId.localeCompare(b.ruleId),
  );
}

/**
 * A week of daily sweeps' findings as one run would give them if every rule were judged every
 * time: the rules that take turns from the run that judged each resource, the others from the
 * first run. Fails a test when a resource is judged twice, or never, in the week.
 */
export async function weekOfSweeps(
  sweep: (run: number) => Promise<{ findings: Finding[] }>,
  firstRun: number,
  inTurn: ReadonlySet<string>,
): Promise<{ findings: Finding[]; judgedPerRun: number[] }> {
  const week: Finding[] = [];
  const judged = new Map<string, number>();
  const judgedPerRun: number[] = [];
  for (let day = 0; day < 7; day++) {
    const { findings } = await sweep(firstRun + day);
    const turns = findings.filter((f) => inTurn.has(f.ruleId));
    for (const f of turns) {
      const key = `${f.ruleId} ${f.resourceArn}`;
      if (judged.has(key)) throw new Error(`${key} judged on days ${judged.get(key)} and ${day}`);
      judged.set(key, day);
    }
    judgedPerRun.push(turns.length);
    week.push(...(day === 0 ? findings.filter((f) => !inTurn.has(f.ruleId)) : []), ...turns);
  }
  return { findings: week, judgedPerRun };
}
