import { KeysentryError } from "../errors";
import type {
  CertificateAuthoritySummary,
  CertificateDetails,
  CertificateSummary,
  KeyGrant,
  KeyMaterials,
  KeyMetadata,
  LastRotation,
  LastUsage,
  ResourceType,
  RotationStatus,
  Tags,
} from "../model";

export interface KeyRef {
  keyId: string;
  keyArn: string;
}

/** Read access to KMS. Adapters throw ResourceGoneError when the key no longer exists. */
export interface KeyReader {
  listKeys(): AsyncIterable<KeyRef>;
  /** Every alias in the region, by target key id. */
  listAliases(): Promise<Map<string, string[]>>;
  aliasesOf(keyId: string): Promise<string[]>;
  describeKey(keyId: string): Promise<KeyMetadata>;
  rotationStatus(keyId: string): Promise<RotationStatus>;
  lastRotation(keyId: string): Promise<LastRotation>;
  /** Every material of a key that supports rotation, pending imports included. */
  keyMaterials(keyId: string): Promise<KeyMaterials>;
  lastUsage(keyId: string): Promise<LastUsage>;
  keyPolicy(keyId: string): Promise<string>;
  /** Every grant on the key, all pages. */
  grants(keyId: string): Promise<KeyGrant[]>;
  tags(keyId: string): Promise<Tags>;
}

/** Read access to ACM. */
export interface CertificateReader {
  /** Every certificate, of every key type, key-pair origin and status. */
  listCertificates(): AsyncIterable<CertificateSummary>;
  /** One certificate by ARN, as the listing would give it; with its details when that read had them. */
  readCertificate(arn: string): Promise<{ summary: CertificateSummary; details?: CertificateDetails }>;
  describeCertificate(arn: string): Promise<{ summary: CertificateSummary; details: CertificateDetails }>;
  tags(arn: string): Promise<Tags>;
}

/** Read access to ACM Private CA. Adapters throw ResourceGoneError when the CA no longer exists. */
export interface CertificateAuthorityReader {
  /** Every private CA this account owns, in every status. */
  listCertificateAuthorities(): AsyncIterable<CertificateAuthoritySummary>;
  /** One CA by ARN, with the same fields as the listing. */
  describeCertificateAuthority(arn: string): Promise<CertificateAuthoritySummary>;
  tags(arn: string): Promise<Tags>;
}

/** Bulk tag reads: every resource carrying a tag key, by ARN, with all its tags. */
export interface TaggedResourceReader {
  taggedWith(tagKey: string): Promise<Map<string, Tags>>;
}

export class ResourceGoneError extends KeysentryError {
  override readonly name = "ResourceGoneError";
  constructor(readonly resourceId: string) {
    super(`${resourceId} no longer exists`);
  }
}

/** What reading one family of resources costs in IAM, whatever rules run. */
export interface FamilyReads {
  /** Listing every resource of the region (the reader's list call and what names the listed). */
  listing: readonly string[];
  /** Reading one resource an event or a Config change names. */
  byName: readonly string[];
  /** Reading one resource's own tags (the reader's `tags`): exemptions, when no bulk read has them. */
  tags: string;
}

/**
 * Each reader port's IAM, by the resource type it reads: a family without an entry does not
 * typecheck, so no reader's tag call can go ungranted. Action names from the Service
 * Authorization Reference (AWS KMS, AWS Certificate Manager, AWS Private Certificate Authority).
 */
export const FAMILY_READS: Readonly<Record<ResourceType, FamilyReads>> = {
  "AWS::KMS::Key": {
    listing: ["kms:ListKeys", "kms:ListAliases"],
    byName: ["kms:DescribeKey", "kms:ListAliases"],
    tags: "kms:ListResourceTags",
  },
  // ListCertificates and DescribeCertificate where ACM predates SearchCertificates (shared/aws/acm-certificate-reader.ts).
  "AWS::ACM::Certificate": {
    listing: ["acm:SearchCertificates", "acm:ListCertificates"],
    byName: ["acm:SearchCertificates", "acm:DescribeCertificate"],
    tags: "acm:ListTagsForCertificate",
  },
  "AWS::ACMPCA::CertificateAuthority": {
    listing: ["acm-pca:ListCertificateAuthorities"],
    byName: ["acm-pca:DescribeCertificateAuthority"],
    tags: "acm-pca:ListTags",
  },
};

/** The TaggedResourceReader's one call: every resource carrying a tag key (Resource Groups Tagging API). */
export const BULK_TAG_READ = "tag:GetResources";
