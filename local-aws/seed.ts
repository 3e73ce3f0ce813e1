import type { SeedGrant } from "./kms-grants";

/**
 * The JSON account file the local endpoint is seeded from. Keys and certificates are
 * written in the AWS API's own field names, with ISO dates, so a sample reads like the
 * output of `aws kms describe-key` and `aws acm describe-certificate`.
 */

/** One material as ListKeyRotations lists it (KMS API reference, RotationsListEntry). */
export interface SeedKeyMaterial {
  /** 64 hex digits; derived from the key id when absent. */
  KeyMaterialId?: string;
  KeyMaterialState: string;
  ImportState?: string;
  ExpirationModel?: string;
  ValidTo?: string;
  RotationDate?: string;
  RotationType?: "AUTOMATIC" | "ON_DEMAND";
  KeyMaterialDescription?: string;
}

export interface SeedKey {
  KeyId: string;
  KeyState?: string;
  KeyManager?: "AWS" | "CUSTOMER";
  KeySpec?: string;
  KeyUsage?: string;
  Origin?: string;
  Description?: string;
  CustomKeyStoreId?: string;
  MultiRegion?: boolean;
  MultiRegionConfiguration?: {
    MultiRegionKeyType: "PRIMARY" | "REPLICA";
    PrimaryKey?: { Arn: string; Region: string };
    ReplicaKeys?: { Arn: string; Region: string }[];
  };
  CreationDate: string;
  DeletionDate?: string;
  PendingDeletionWindowInDays?: number;
  ValidTo?: string;
  ExpirationModel?: string;
  Aliases?: string[];
  Rotation?: {
    Enabled: boolean;
    RotationPeriodInDays?: number;
    NextRotationDate?: string;
    OnDemandRotationStartDate?: string;
  };
  Rotations?: { RotationDate: string; RotationType: "AUTOMATIC" | "ON_DEMAND" }[];
  /**
   * An imported symmetric key's materials, oldest first; absent: one current material with the
   * key's ValidTo and ExpirationModel. KMS-generated keys' materials follow from Rotations.
   */
  KeyMaterials?: SeedKeyMaterial[];
  /** GetKeyLastUsage's KeyLastUsage; absent: no use recorded since tracking began. */
  LastUsage?: { Operation: string; Timestamp: string; CloudTrailEventId?: string; KmsRequestId?: string };
  /** The key policy document; the default key policy when absent. */
  Policy?: unknown;
  /** The key's grants, as ListGrants lists them; none when absent. */
  Grants?: SeedGrant[];
  Tags?: Record<string, string>;
}

export interface SeedCertificate {
  /** The id after "certificate/" in the ARN. */
  CertificateId: string;
  DomainName: string;
  SubjectAlternativeNames?: string[];
  Type: "AMAZON_ISSUED" | "PRIVATE" | "IMPORTED";
  Status: string;
  NotBefore?: string;
  NotAfter?: string;
  KeyAlgorithm: string;
  InUseBy?: string[];
  RenewalEligibility?: "ELIGIBLE" | "INELIGIBLE";
  RenewalSummary?: {
    RenewalStatus: string;
    RenewalStatusReason?: string;
    UpdatedAt: string;
    DomainValidationOptions?: { DomainName: string; ValidationStatus: string }[];
  };
  /** Export: ENABLED makes the private key exportable (public certificates requested since June 2025). */
  Options?: {
    CertificateTransparencyLoggingPreference?: "ENABLED" | "DISABLED";
    Export?: "ENABLED" | "DISABLED";
  };
  /** Whether ExportCertificate has been called; the endpoint sets it when it is. */
  Exported?: boolean;
  /** Who made the key pair; CUSTOMER_PROVIDED for imported certificates, AWS_MANAGED for the others when absent. */
  CertificateKeyPairOrigin?: "AWS_MANAGED" | "CUSTOMER_PROVIDED" | "ACME";
  AcmeEndpointArn?: string;
  AcmeAccountId?: string;
  ManagedBy?: "CLOUDFRONT";
  /** When the current certificate was issued; NotBefore when absent. */
  IssuedAt?: string;
  FailureReason?: string;
  Tags?: Record<string, string>;
}

/** One private CA, in the CertificateAuthority structure's field names (Private CA API reference). */
export interface SeedCertificateAuthority {
  /** The id after "certificate-authority/" in the ARN. */
  CertificateAuthorityId: string;
  Type: string;
  Status: string;
  CreatedAt: string;
  LastStateChangeAt?: string;
  Serial?: string;
  NotBefore?: string;
  NotAfter?: string;
  FailureReason?: string;
  /** KeyAlgorithm and SigningAlgorithm as sent: ML_DSA_65 and other values newer than the SDK included. */
  CertificateAuthorityConfiguration: {
    KeyAlgorithm: string;
    SigningAlgorithm: string;
    Subject?: { CommonName?: string; Organization?: string; Country?: string };
  };
  RevocationConfiguration?: {
    CrlConfiguration?: { Enabled: boolean; ExpirationInDays?: number; S3BucketName?: string };
    OcspConfiguration?: { Enabled: boolean; OcspCustomCname?: string };
  };
  /** GENERAL_PURPOSE when absent. */
  UsageMode?: string;
  KeyStorageSecurityStandard?: string;
  RestorableUntil?: string;
  Tags?: Record<string, string>;
}

/** A trail as DescribeTrails lists it (CloudTrail API reference, Trail), with its status and selectors. */
export interface SeedTrail {
  Name: string;
  HomeRegion: string;
  IsMultiRegionTrail?: boolean;
  IsOrganizationTrail?: boolean;
  /** The account that owns the trail (an organization trail's management account); the seed's when absent. */
  OwnerAccount?: string;
  S3BucketName?: string;
  /** GetTrailStatus' IsLogging; true when absent. */
  IsLogging?: boolean;
  /** GetEventSelectors' basic selectors; one logging all management events when neither kind is given. */
  EventSelectors?: {
    ReadWriteType?: "All" | "ReadOnly" | "WriteOnly";
    IncludeManagementEvents?: boolean;
    ExcludeManagementEventSources?: string[];
  }[];
  AdvancedEventSelectors?: { Name?: string; FieldSelectors: { Field: string; Equals?: string[] }[] }[];
}

/**
 * How the account is set up for a deployment, as `keysentry preflight` reads it. Each part absent
 * is as in an account set up for keysentry: a recorder recording every supported type, a
 * multi-region trail logging management events, Lambda's default quota of 1000, Security Hub on.
 */
export interface SeedAccountSetup {
  /** AWS Config's customer managed recorder; `null`: none. */
  configurationRecorder?: {
    name: string;
    recording: boolean;
    recordingGroup: {
      allSupported?: boolean;
      includeGlobalResourceTypes?: boolean;
      resourceTypes?: string[];
      exclusionByResourceTypes?: { resourceTypes?: string[] };
      recordingStrategy?: { useOnly?: string };
    };
  } | null;
  trails?: SeedTrail[];
  /** GetAccountSettings' AccountLimit concurrency figures. */
  lambda?: { ConcurrentExecutions: number; UnreservedConcurrentExecutions: number };
  /** Whether the account is subscribed to Security Hub in the seed's region. */
  securityHub?: boolean;
}

export interface SeedAccount {
  account: string;
  region: string;
  /** When the sample was captured: dates can be shifted so that this moment becomes "now". */
  capturedAt: string;
  /** When KMS began tracking key usage here: TrackingStartDate of keys created before it (their creation when absent). */
  kmsUsageTrackedSince?: string;
  description?: string;
  keys: SeedKey[];
  certificates: SeedCertificate[];
  /** Private CAs; none when absent. */
  certificateAuthorities?: SeedCertificateAuthority[];
  /** The account's recorder, trails, Lambda quota and Security Hub; a well set-up account when absent. */
  setup?: SeedAccountSetup;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Moves every ISO date in the seed by the same amount, so that `capturedAt` lands on `now`. */
export function rebaseSeed(seed: SeedAccount, now: Date): SeedAccount {
  const shift = now.getTime() - new Date(seed.capturedAt).getTime();
  const move = (value: unknown): unknown => {
    if (typeof value === "string" && ISO_DATE.test(value))
      return new Date(new Date(value).getTime() + shift).toISOString();
    if (Array.isArray(value)) return value.map(move);
    if (value && typeof value === "object") {
      // Policies are documents, not state: their condition dates stay as written.
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "Policy" ? v : move(v)]));
    }
    return value;
  };
  return move(seed) as SeedAccount;
}
