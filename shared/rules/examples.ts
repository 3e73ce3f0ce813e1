/**
 * Builders for realistic snapshots: the rules' documented examples and the tests use them.
 * Every field not given takes the value of an ordinary, compliant resource.
 */
import {
  type CertificateDetails,
  type CertificateSnapshot,
  type CertificateSummary,
  type KeyGrant,
  type KeyMaterials,
  type KeyMetadata,
  type KeySnapshot,
  type LastRotation,
  type LastUsage,
  type RotationStatus,
  read,
  type Tags,
  UNREAD,
} from "../model";
import { parseKeyPolicy } from "../policy";

export const EXAMPLE_ACCOUNT = "111122223333";
export const EXAMPLE_REGION = "eu-west-1";
export const EXAMPLE_NOW = new Date("2026-06-01T00:00:00Z");
/** GetKeyLastUsage appeared on 2026-04-27 (awsapichanges.com, KMS); examples assume tracking began then. */
export const EXAMPLE_TRACKING_START = new Date("2026-04-27T00:00:00Z");

/** The policy KMS gives a key created without one: the account root may do everything. */
export function defaultKeyPolicy(account = EXAMPLE_ACCOUNT) {
  return {
    Version: "2012-10-17",
    Id: "key-default-1",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow" as const,
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
}

/** The default policy with `statements` after its root statement. */
export function policyWith(...statements: Record<string, unknown>[]) {
  const policy = defaultKeyPolicy();
  return { ...policy, Statement: [...policy.Statement, ...statements] };
}

export interface KeyExample {
  key?: Partial<KeyMetadata>;
  aliases?: string[];
  rotation?: RotationStatus;
  lastRotation?: LastRotation;
  /** Default for an EXTERNAL key: its one material, current, with the key's expiry. */
  keyMaterials?: KeyMaterials;
  /** Default: used yesterday. */
  lastUsage?: LastUsage;
  policy?: unknown;
  /** Default: none. */
  grants?: KeyGrant[];
  tags?: Tags;
}

/** The one material of an imported key that never rotated, as ListKeyRotations lists it. */
function firstMaterial(key: KeyMetadata): KeyMaterials {
  return {
    current: {
      id: key.currentKeyMaterialId ?? "a".repeat(64),
      state: "CURRENT",
      importState: key.keyState === "PendingImport" ? "PENDING_IMPORT" : "IMPORTED",
      expirationModel: key.expirationModel,
      validTo: key.validTo,
    },
    others: [],
  };
}

export function exampleKey(example: KeyExample = {}): KeySnapshot {
  const keyId = example.key?.keyId ?? "1234abcd-12ab-34cd-56ef-1234567890ab";
  const policy = example.policy ?? defaultKeyPolicy();
  const text = typeof policy === "string" ? policy : JSON.stringify(policy);
  const key: KeyMetadata = {
    keyId,
    arn: `arn:aws:kms:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:key/${keyId}`,
    keyState: "Enabled",
    keyManager: "CUSTOMER",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    origin: "AWS_KMS",
    multiRegion: false,
    creationDate: new Date("2025-01-15T09:00:00Z"),
    ...example.key,
  };
  const materials = example.keyMaterials ?? (key.origin === "EXTERNAL" ? firstMaterial(key) : undefined);
  return {
    resourceType: "AWS::KMS::Key",
    account: EXAMPLE_ACCOUNT,
    region: EXAMPLE_REGION,
    key,
    aliases: example.aliases ?? ["alias/payments"],
    rotation: read(
      example.rotation ?? {
        supported: true,
        enabled: true,
        periodDays: 365,
        nextRotationDate: new Date("2026-09-15T09:00:00Z"),
      },
    ),
    lastRotation: example.lastRotation === undefined ? UNREAD : read(example.lastRotation),
    keyMaterials: materials ? read(materials) : UNREAD,
    lastUsage: read(
      example.lastUsage ?? {
        trackingStartDate: EXAMPLE_TRACKING_START,
        last: {
          at: new Date(EXAMPLE_NOW.getTime() - 86_400_000),
          operation: "Decrypt",
          cloudTrailEventId: "5f2c1a9e-7b3d-4e8a-9c61-0d4b8e2f7a13",
        },
      },
    ),
    policy: read({ text, document: parseKeyPolicy(text) }),
    grants: read(example.grants ?? []),
    tags: example.tags ? read(example.tags) : UNREAD,
  };
}

export interface CertificateExample {
  certificate?: Partial<CertificateSummary>;
  details?: Partial<CertificateDetails>;
  tags?: Tags;
}

export function exampleCertificate(example: CertificateExample = {}): CertificateSnapshot {
  const arn =
    example.certificate?.arn ??
    `arn:aws:acm:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:certificate/0d1f4a3e-6c2b-4f7e-9a51-2b8c7e3d9f10`;
  const domainName = example.certificate?.domainName ?? "shop.example.com";
  return {
    resourceType: "AWS::ACM::Certificate",
    account: EXAMPLE_ACCOUNT,
    region: EXAMPLE_REGION,
    certificate: {
      arn,
      domainName,
      subjectAlternativeNames: [domainName],
      hasAdditionalNames: false,
      type: "AMAZON_ISSUED",
      status: "ISSUED",
      notBefore: new Date("2026-03-01T00:00:00Z"),
      notAfter: new Date("2026-09-15T23:59:59Z"),
      inUse: true,
      keyAlgorithm: "RSA_2048",
      renewalEligibility: "ELIGIBLE",
      // As ListCertificates lists it: the renewal status comes from `details`.
      renewalStatusKnown: false,
      ...example.certificate,
    },
    details: read({
      subjectAlternativeNames: [domainName],
      inUseBy: ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shop/50dc6c495c0c9188"],
      transparencyLogging: "ENABLED",
      ...example.details,
    }),
    tags: example.tags ? read(example.tags) : UNREAD,
  };
}
