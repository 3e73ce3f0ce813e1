import type { EventFacts } from "./event-facts";
import type { Facet } from "./facet";
import type { Tags } from "./key";

export type CertificateType = "AMAZON_ISSUED" | "PRIVATE" | "IMPORTED";

/** CertificateStatus values (ACM API reference). */
export type CertificateStatus =
  | "PENDING_VALIDATION"
  | "ISSUED"
  | "INACTIVE"
  | "EXPIRED"
  | "VALIDATION_TIMED_OUT"
  | "REVOKED"
  | "FAILED";

/** What a listing (SearchCertificates, or ListCertificates with every key type and origin) carries. */
export interface CertificateSummary {
  arn: string;
  domainName: string;
  /** Complete only when `hasAdditionalNames` is false; DescribeCertificate has them all. */
  subjectAlternativeNames: string[];
  hasAdditionalNames: boolean;
  type: CertificateType;
  status: CertificateStatus;
  notBefore?: Date;
  notAfter?: Date;
  inUse: boolean;
  keyAlgorithm?: string;
  renewalEligibility?: "ELIGIBLE" | "INELIGIBLE";
  managedBy?: string;
  /** Managed renewal's status when the listing carries it (SearchCertificates does, ListCertificates does not). */
  renewalStatus?: RenewalStatus;
  /**
   * True when the source carries renewal status (SearchCertificates, DescribeCertificate): then
   * no status means no renewal has started, and DescribeCertificate would add nothing about it.
   */
  renewalStatusKnown: boolean;
  /** When this certificate was issued (renewal issues a new one); absent for imported and unissued ones. */
  issuedAt?: Date;
  /** Who made the key pair: AWS_MANAGED (ACM), CUSTOMER_PROVIDED (imported) or ACME (the ACME client). */
  keyPairOrigin?: string;
  /** ENABLED when the private key may be exported (chosen at request time, never changed); absent means DISABLED. */
  exportOption?: string;
  /** Whether the private key has been exported; unknown (absent) when only DescribeCertificate was read. */
  exported?: boolean;
}

export type RenewalStatus = "PENDING_AUTO_RENEWAL" | "PENDING_VALIDATION" | "SUCCESS" | "FAILED";

/** What only DescribeCertificate tells. */
export interface CertificateDetails {
  subjectAlternativeNames: string[];
  inUseBy: string[];
  renewalSummary?: {
    status: RenewalStatus;
    failureReason?: string;
    updatedAt?: Date;
    /** Domains whose validation is not SUCCESS. */
    pendingDomains: string[];
  };
  transparencyLogging?: "ENABLED" | "DISABLED";
  failureReason?: string;
}

export interface CertificateSnapshot {
  resourceType: "AWS::ACM::Certificate";
  account: string;
  region: string;
  certificate: CertificateSummary;
  details: Facet<CertificateDetails>;
  tags: Facet<Tags>;
  /** Facts from the event that led here, when one did. */
  event?: EventFacts;
}

export type CertificateFacet = "details" | "tags";
