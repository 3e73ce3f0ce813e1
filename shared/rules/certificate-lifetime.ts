import type { CertificateSnapshot, RenewalStatus } from "../model";
import { facetValue } from "../model";
import { exactDaysUntil } from "./time";

/** A validity period in days (NotBefore to NotAfter), when both ends are known. */
export function periodDays(notBefore: Date | undefined, notAfter: Date | undefined): number | undefined {
  if (!notBefore || !notAfter) return undefined;
  return exactDaysUntil(notAfter, notBefore);
}

/** The certificate's validity period in days (NotBefore to NotAfter), when both are known. */
export function validityDays(cert: CertificateSnapshot): number | undefined {
  return periodDays(cert.certificate.notBefore, cert.certificate.notAfter);
}

/** ACM renews it: issued by ACM (public or private), eligible, and not yet expired. */
export function underManagedRenewal(cert: CertificateSnapshot): boolean {
  const { type, status, renewalEligibility } = cert.certificate;
  return type !== "IMPORTED" && status === "ISSUED" && renewalEligibility === "ELIGIBLE";
}

/**
 * When ACM starts managed renewal, in days before expiry. The ACM User Guide says 60 days for
 * 13-month certificates; reports of the 198-day certificates of 2026 say 45 or 60. keysentry
 * takes the later start (45 days) so that nothing is called late before ACM can have begun, and
 * a third of the validity for shorter certificates (the share ACME clients renew at), since a
 * 47-day certificate cannot wait for a 45-day window.
 */
export const RENEWAL_STARTS_DAYS = 45;

export function renewalStartsDaysBefore(cert: CertificateSnapshot): number {
  const validity = validityDays(cert);
  return validity === undefined ? RENEWAL_STARTS_DAYS : Math.min(RENEWAL_STARTS_DAYS, validity / 3);
}

export function inRenewalWindow(cert: CertificateSnapshot, now: Date): boolean {
  const { notAfter } = cert.certificate;
  return notAfter !== undefined && exactDaysUntil(notAfter, now) <= renewalStartsDaysBefore(cert);
}

/** Renewal statuses that mean ACM is renewing, or has renewed, the certificate. */
export const RENEWAL_PROGRESSING: readonly (RenewalStatus | undefined)[] = [
  "PENDING_AUTO_RENEWAL",
  "SUCCESS",
];

/** Managed renewal's status: from the listing when it carries it, else from DescribeCertificate. */
export function renewalStatus(cert: CertificateSnapshot): RenewalStatus | undefined {
  const { renewalStatus: listed, renewalStatusKnown, arn } = cert.certificate;
  if (listed || renewalStatusKnown) return listed;
  return facetValue(cert.details, "details", arn).renewalSummary?.status;
}

/** Whether DescribeCertificate must be read to learn the renewal status. */
export const renewalStatusUnknown = (cert: CertificateSnapshot): boolean =>
  !cert.certificate.renewalStatusKnown && cert.certificate.renewalStatus === undefined;
