/**
 * A large account for benchmarks: keys and certificates drawn from the mix real accounts
 * have (mostly enabled symmetric customer keys, some AWS-managed, asymmetric, HMAC,
 * imported, disabled and pending deletion; certificates of every type and key algorithm, as
 * in late 2026: most public ones issued after ACM withdrew the CT opt-out, some exportable, some
 * issued through ACME). Deterministic: the same sizes give the same account.
 */
import type {
  SeedAccount,
  SeedCertificate,
  SeedCertificateAuthority,
  SeedGrant,
  SeedKey,
} from "../../local-aws";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const CAPTURED = new Date("2026-11-01T00:00:00Z");
const day = (n: number) => new Date(CAPTURED.getTime() + n * 86_400_000).toISOString();
const uuid = (prefix: number, i: number) =>
  `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/** EBS's grant for one volume (KMS Developer Guide, "Examining grants"). */
const volumeGrant = (i: number, n: number): SeedGrant => ({
  GranteePrincipal: "ec2.eu-west-1.amazonaws.com",
  RetiringPrincipal: "ec2.eu-west-1.amazonaws.com",
  Operations: ["Decrypt", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "CreateGrant"],
  Constraints: {
    EncryptionContextSubset: { "aws:ebs:id": `vol-${(i * 1000 + n).toString(16).padStart(17, "0")}` },
  },
});

/**
 * Grants as accounts hold them: most keys none, a fifth an EBS volume's, one in twenty a grant to
 * another account, one in 500 a key behind 150 volumes (two ListGrants pages).
 */
function grants(i: number): SeedGrant[] {
  if (i % 500 === 15) return Array.from({ length: 150 }, (_, n) => volumeGrant(i, n));
  const kind = i % 20;
  if (kind >= 10 && kind <= 13) return [volumeGrant(i, 0)];
  if (kind === 14)
    return [{ GranteePrincipal: "arn:aws:iam::999988887777:role/Reader", Operations: ["Decrypt"] }];
  return [];
}

function key(i: number): SeedKey {
  const shape = keyShape(i);
  return shape.KeyManager === "AWS" ? shape : { ...shape, Grants: grants(i) };
}

function keyShape(i: number): SeedKey {
  const base: SeedKey = {
    KeyId: uuid(1, i),
    CreationDate: day(-(i % 900) - 30),
    Aliases: [`alias/app-${i}`],
  };
  const kind = i % 20;
  if (kind === 0)
    return {
      ...base,
      KeyManager: "AWS",
      Aliases: [`alias/aws/service-${i}`],
      Rotation: { Enabled: true, NextRotationDate: day(100) },
    };
  if (kind === 1) return { ...base, KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" };
  if (kind === 2) return { ...base, KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" };
  if (kind === 3)
    return { ...base, Origin: "EXTERNAL", ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: day(i % 90) };
  if (kind === 4)
    return { ...base, KeyState: "Disabled", Rotation: { Enabled: true, NextRotationDate: day(50) } };
  if (kind === 5) return { ...base, KeyState: "PendingDeletion", DeletionDate: day(5 + (i % 25)) };
  if (kind === 6) return { ...base, Rotation: { Enabled: false } };
  if (kind === 7)
    return {
      ...base,
      Rotation: { Enabled: true, NextRotationDate: day(-30) },
      Rotations: [{ RotationDate: day(-400), RotationType: "AUTOMATIC" }],
    };
  if (kind === 8)
    return {
      ...base,
      Rotation: { Enabled: true, NextRotationDate: day(40) },
      Policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Root",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          { Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
        ],
      },
    };
  return {
    ...base,
    Rotation: {
      Enabled: true,
      RotationPeriodInDays: kind === 9 ? 730 : 365,
      NextRotationDate: day(10 + (i % 300)),
    },
  };
}

const ALGORITHMS = [
  "RSA_2048",
  "EC_prime256v1",
  "RSA_4096",
  "EC_secp384r1",
  "RSA_3072",
  "RSA_1024",
  "EC_secp521r1",
];
const TYPES = ["AMAZON_ISSUED", "AMAZON_ISSUED", "PRIVATE", "IMPORTED"] as const;

function certificate(i: number): SeedCertificate {
  const type = TYPES[i % TYPES.length]!;
  const inUse = i % 5 !== 0;
  const publicOnly = (extra: Partial<SeedCertificate>) => (type === "AMAZON_ISSUED" ? extra : {});
  return {
    CertificateId: uuid(2, i),
    DomainName: `site-${i}.example.com`,
    Type: type,
    Status: i % 50 === 0 ? "EXPIRED" : "ISSUED",
    KeyAlgorithm: ALGORITHMS[i % ALGORITHMS.length]!,
    // One in ten issued before 12 June 2026, when ACM withdrew the CT opt-out.
    NotBefore: day(i % 10 === 1 ? -200 : -100),
    ...publicOnly(i % 20 === 4 ? { Options: { Export: "ENABLED" }, Exported: i % 40 === 4 } : {}),
    ...publicOnly(i % 40 === 9 ? { CertificateKeyPairOrigin: "ACME" } : {}),
    NotAfter: day(((i * 7) % 400) - 5),
    InUseBy: inUse
      ? [`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/site-${i}/50dc6c495c0c9188`]
      : [],
    RenewalEligibility: type !== "IMPORTED" && inUse ? "ELIGIBLE" : "INELIGIBLE",
  };
}

/** One resource in 25 carries an exemption, as teams with waivers do: the sweep reads them in bulk. */
function exempted<T extends SeedKey | SeedCertificate>(resource: T, i: number): T {
  if (i % 25 !== 3 || ("KeyManager" in resource && resource.KeyManager === "AWS")) return resource;
  return {
    ...resource,
    Tags: { ...resource.Tags, "keysentry:exempt": "all", "keysentry:exempt-until": "2027-12-31" },
  };
}

const CA_STATES = ["ACTIVE", "ACTIVE", "ACTIVE", "DISABLED", "PENDING_CERTIFICATE", "EXPIRED"] as const;
const CA_KEYS = [
  ["RSA_2048", "SHA256WITHRSA"],
  ["RSA_4096", "SHA512WITHRSA"],
  ["EC_prime256v1", "SHA256WITHECDSA"],
  ["EC_secp384r1", "SHA384WITHECDSA"],
  ["ML_DSA_65", "ML_DSA_65"],
] as const;

/** Private CAs: a root in eight, every state, key and revocation set-up, some short-lived. */
function authority(i: number): SeedCertificateAuthority {
  const status = CA_STATES[i % CA_STATES.length]!;
  const [keyAlgorithm, signingAlgorithm] = CA_KEYS[i % CA_KEYS.length]!;
  const issued = status !== "PENDING_CERTIFICATE";
  const created = new Date(CAPTURED.getTime() - (30 + i * 11) * 86_400_000);
  const lifetimeDays = i % 8 === 0 ? 3650 : 1825;
  const notAfter =
    status === "EXPIRED"
      ? new Date(CAPTURED.getTime() - 86_400_000)
      : new Date(created.getTime() + lifetimeDays * 86_400_000);
  return {
    CertificateAuthorityId: uuid(4, i),
    Type: i % 8 === 0 ? "ROOT" : "SUBORDINATE",
    Status: status,
    CreatedAt: created.toISOString(),
    ...(issued ? { NotBefore: created.toISOString(), NotAfter: notAfter.toISOString() } : {}),
    CertificateAuthorityConfiguration: {
      KeyAlgorithm: keyAlgorithm,
      SigningAlgorithm: signingAlgorithm,
      Subject: { CommonName: `Example CA ${i}` },
    },
    RevocationConfiguration: {
      CrlConfiguration: { Enabled: i % 3 !== 1, ExpirationInDays: 7, S3BucketName: "example-crl" },
      OcspConfiguration: { Enabled: i % 4 === 0 },
    },
    UsageMode: i % 7 === 3 ? "SHORT_LIVED_CERTIFICATE" : "GENERAL_PURPOSE",
  };
}

/** `authorities` defaults to one private CA for every 60 certificates (42 at 2,500). */
export function syntheticAccount(
  keys: number,
  certificates: number,
  authorities = Math.ceil(certificates / 60),
): SeedAccount {
  return {
    account: ACCOUNT,
    region: REGION,
    capturedAt: CAPTURED.toISOString(),
    keys: Array.from({ length: keys }, (_, i) => exempted(key(i), i)),
    certificates: Array.from({ length: certificates }, (_, i) => exempted(certificate(i), i)),
    certificateAuthorities: Array.from({ length: authorities }, (_, i) => authority(i)),
  };
}

export const SYNTHETIC_NOW = CAPTURED;
