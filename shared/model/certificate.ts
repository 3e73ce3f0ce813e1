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

/** What ListCertificates' summary carries (with every key type requested). */
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
