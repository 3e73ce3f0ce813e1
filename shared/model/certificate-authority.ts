import type { EventFacts } from "./event-facts";
import type { Facet } from "./facet";
import type { Tags } from "./key";

/**
 * CertificateAuthorityStatus (ACM PCA API reference). Values AWS adds later arrive as strings
 * and are kept as sent: rules that meet one they do not know say so.
 */
export type CertificateAuthorityStatus =
  | "CREATING"
  | "PENDING_CERTIFICATE"
  | "ACTIVE"
  | "DELETED"
  | "DISABLED"
  | "EXPIRED"
  | "FAILED";

/**
 * One private CA as ListCertificateAuthorities and DescribeCertificateAuthority give it (the
 * same CertificateAuthority structure): every field the rules read, so no further call is needed.
 */
export interface CertificateAuthoritySummary {
  arn: string;
  /** ROOT or SUBORDINATE, as sent. */
  type: string;
  /** A CertificateAuthorityStatus, or a value this version does not know, as sent. */
  status: string;
  /** The subject's common name, when the configuration has one. */
  commonName?: string;
  createdAt?: Date;
  /** The CA certificate's validity; absent until a certificate is installed (PENDING_CERTIFICATE). */
  notBefore?: Date;
  notAfter?: Date;
  /** Why creation failed (REQUEST_TIMED_OUT, UNSUPPORTED_ALGORITHM, OTHER). */
  failureReason?: string;
  /**
   * RSA_2048, EC_prime256v1, ML_DSA_65, ... as sent: the installed SDK's enum lacks RSA_3072,
   * EC_secp521r1, SM2 and the ML-DSA algorithms the API reference now lists.
   */
  keyAlgorithm?: string;
  /** SHA256WITHRSA, ML_DSA_65, ... as sent. */
  signingAlgorithm?: string;
  crlEnabled: boolean;
  ocspEnabled: boolean;
  /** GENERAL_PURPOSE (the API's default when absent) or SHORT_LIVED_CERTIFICATE. */
  usageMode: string;
  /** For a DELETED CA: the end of its restoration period. */
  restorableUntil?: Date;
}

export interface CertificateAuthoritySnapshot {
  resourceType: "AWS::ACMPCA::CertificateAuthority";
  account: string;
  region: string;
  authority: CertificateAuthoritySummary;
  tags: Facet<Tags>;
  /** Facts from the event that led here, when one did. */
  event?: EventFacts;
}

export type CertificateAuthorityFacet = "tags";
