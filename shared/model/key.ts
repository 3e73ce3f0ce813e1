import type { PolicyDocument } from "../policy";
import type { EventFacts } from "./event-facts";
import type { Facet } from "./facet";
import type { KeyGrant } from "./grant";

/** KeyState values (KMS API reference, KeyMetadata). */
export type KeyState =
  | "Creating"
  | "Enabled"
  | "Disabled"
  | "PendingDeletion"
  | "PendingImport"
  | "PendingReplicaDeletion"
  | "Unavailable"
  | "Updating";

export type KeyOrigin = "AWS_KMS" | "EXTERNAL" | "AWS_CLOUDHSM" | "EXTERNAL_KEY_STORE";

/**
 * The KeySpec values this version knows: the KeySpec enum of the KMS API model
 * (@aws-sdk/client-kms 3.1164, models/enums.d.ts). KMS may add others: a key of a spec not
 * listed here keeps its spec as sent, and the rules that depend on the spec do not judge it.
 */
export const KNOWN_KEY_SPECS = [
  "SYMMETRIC_DEFAULT",
  "HMAC_224",
  "HMAC_256",
  "HMAC_384",
  "HMAC_512",
  "RSA_2048",
  "RSA_3072",
  "RSA_4096",
  "ECC_NIST_P256",
  "ECC_NIST_P384",
  "ECC_NIST_P521",
  "ECC_NIST_EDWARDS25519",
  "ECC_SECG_P256K1",
  "ML_DSA_44",
  "ML_DSA_65",
  "ML_DSA_87",
  "ML_KEM_512",
  "ML_KEM_768",
  "ML_KEM_1024",
  "SM2",
] as const;

export type KnownKeySpec = (typeof KNOWN_KEY_SPECS)[number];

export function isKnownKeySpec(spec: string): spec is KnownKeySpec {
  return (KNOWN_KEY_SPECS as readonly string[]).includes(spec);
}

/** What DescribeKey says about a key, with dates as Date objects. */
export interface KeyMetadata {
  keyId: string;
  arn: string;
  description?: string;
  keyState: KeyState;
  keyManager: "AWS" | "CUSTOMER";
  /** As KMS sent it, which may be a spec this version does not know (see KNOWN_KEY_SPECS). */
  keySpec: string;
  keyUsage: string;
  origin: KeyOrigin;
  customKeyStoreId?: string;
  multiRegion: boolean;
  multiRegionConfiguration?: {
    keyType: "PRIMARY" | "REPLICA";
    primaryKey?: { arn: string; region: string };
    replicaKeys: { arn: string; region: string }[];
  };
  creationDate: Date;
  deletionDate?: Date;
  pendingDeletionWindowInDays?: number;
  /** The earliest expiry of any imported material permanently associated with the key (EXTERNAL origin). */
  validTo?: Date;
  expirationModel?: "KEY_MATERIAL_EXPIRES" | "KEY_MATERIAL_DOES_NOT_EXPIRE";
  /** The material KMS encrypts with (symmetric encryption keys of AWS_KMS or EXTERNAL origin). */
  currentKeyMaterialId?: string;
}

/** GetKeyRotationStatus; `supported: false` where KMS answers UnsupportedOperationException. */
export type RotationStatus =
  | { supported: false }
  | {
      supported: true;
      enabled: boolean;
      periodDays?: number;
      nextRotationDate?: Date;
      onDemandRotationStartDate?: Date;
    };

/** The newest completed rotation from ListKeyRotations; null when the key never rotated. */
export type LastRotation = { date: Date; type: "AUTOMATIC" | "ON_DEMAND" } | null;

/**
 * One of a key's materials, from ListKeyRotations with IncludeKeyMaterial ALL_KEY_MATERIAL
 * (KMS API reference, RotationsListEntry). Enum fields keep any value KMS sends.
 */
export interface KeyMaterial {
  id: string;
  /** CURRENT, NON_CURRENT, PENDING_ROTATION or PENDING_MULTI_REGION_IMPORT_AND_ROTATION. */
  state: string;
  /** IMPORTED or PENDING_IMPORT. */
  importState?: string;
  expirationModel?: string;
  validTo?: Date;
  /** When the rotation that brought it in completed; absent for the first material and pending ones. */
  rotationDate?: Date;
}

/** A key's materials: the one KMS encrypts with, and the others (older ones, and imports awaiting rotation). */
export interface KeyMaterials {
  current: KeyMaterial;
  others: KeyMaterial[];
}

/** States of material imported for an on-demand rotation that has not happened yet. */
export const PENDING_MATERIAL_STATES = ["PENDING_ROTATION", "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"];

/** GetKeyLastUsage: the last successful cryptographic operation since KMS began tracking the key. */
export interface LastUsage {
  /** When KMS began recording the key's use: its creation, or the start of tracking if later. */
  trackingStartDate: Date;
  /** Absent when no use was recorded since trackingStartDate. */
  last?: {
    at: Date;
    /** Decrypt, Sign, ... (KeyLastUsageTrackingOperation), as sent. */
    operation?: string;
    cloudTrailEventId?: string;
  };
}

export type Tags = Record<string, string>;

export interface KeyPolicy {
  text: string;
  document: PolicyDocument;
}

export interface KeySnapshot {
  resourceType: "AWS::KMS::Key";
  account: string;
  region: string;
  key: KeyMetadata;
  /** Alias names ("alias/payments"), sorted. */
  aliases: string[];
  rotation: Facet<RotationStatus>;
  lastRotation: Facet<LastRotation>;
  /** Imported keys' materials: ListKeyRotations with IncludeKeyMaterial ALL_KEY_MATERIAL. */
  keyMaterials: Facet<KeyMaterials>;
  lastUsage: Facet<LastUsage>;
  policy: Facet<KeyPolicy>;
  /** Every grant on the key: ListGrants. */
  grants: Facet<KeyGrant[]>;
  tags: Facet<Tags>;
  /** Facts from the event that led here, when one did. */
  event?: EventFacts;
}

export type KeyFacet =
  | "rotation"
  | "lastRotation"
  | "keyMaterials"
  | "lastUsage"
  | "policy"
  | "grants"
  | "tags";
