import type { PolicyDocument } from "../policy";
import type { EventFacts } from "./event-facts";
import type { Facet } from "./facet";

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

/** What DescribeKey says about a key, with dates as Date objects. */
export interface KeyMetadata {
  keyId: string;
  arn: string;
  description?: string;
  keyState: KeyState;
  keyManager: "AWS" | "CUSTOMER";
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
  /** When imported key material expires (EXTERNAL origin). */
  validTo?: Date;
  expirationModel?: "KEY_MATERIAL_EXPIRES" | "KEY_MATERIAL_DOES_NOT_EXPIRE";
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
  policy: Facet<KeyPolicy>;
  tags: Facet<Tags>;
  /** Facts from the event that led here, when one did. */
  event?: EventFacts;
}

export type KeyFacet = "rotation" | "lastRotation" | "policy" | "tags";
