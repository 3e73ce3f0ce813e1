import { type CertificateSnapshot, facetValue } from "../model";
import * as z from "../zod";
import { RENEWAL_PROGRESSING, renewalStatusUnknown } from "./certificate-lifetime";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { daysUntil, isoDay } from "./time";

/**
 * ACM starts managed renewal 60 days before a certificate expires (ACM User Guide,
 * "Managed certificate renewal"); outside that window there is no renewal to fail, so
 * the certificate is not described at all.
 */
const params = z.strictObject({
  /** How many days before expiry ACM starts managed renewal; before then there is no renewal to fail. */
  renewalWindowDays: z._default(z.int().check(z.gte(1), z.lte(398)), 60),
  /** A renewal still pending validation this many days or fewer before expiry is HIGH. */
  urgentWithinDays: z._default(z.int().check(z.gte(1), z.lte(90)), 14),
});
type Params = z.infer<typeof params>;

function outOfScope(cert: CertificateSnapshot): string | undefined {
  const { type, renewalEligibility, status } = cert.certificate;
  if (type === "IMPORTED")
    return "ACM does not renew imported certificates (see acm-imported-certificate-expiry)";
  if (status !== "ISSUED") return `certificate status is ${status}`;
  if (renewalEligibility === "INELIGIBLE")
    return "not eligible for managed renewal (not in use and not exported)";
  return undefined;
}

/** The listing's renewal status says all the rule needs: renewing, renewed, or none started. */
const settledByListing = (cert: CertificateSnapshot) =>
  RENEWAL_PROGRESSING.includes(cert.certificate.renewalStatus) ||
  (cert.certificate.renewalStatus === undefined && !renewalStatusUnknown(cert));

function inRenewalWindow(cert: CertificateSnapshot, p: Params, now: Date): boolean {
  const { notAfter } = cert.certificate;
  return notAfter !== undefined && daysUntil(notAfter, now) <= p.renewalWindowDays;
}

export const acmCertificateRenewal: Rule<CertificateSnapshot, Params> = {
  id: "acm-certificate-renewal",
  title: "Managed renewal of ACM certificates is not failing",
  description:
    "For certificates ACM issued and can renew, inside the renewal window: renewal waiting for domain validation or failed is flagged, HIGH when expiry is near or renewal failed.",
  resourceType: "AWS::ACM::Certificate",
  severity: "MEDIUM",
  evaluatedOn: ["change", "schedule"],
  permissions: ["acm:ListCertificates", "acm:DescribeCertificate"],
  params,
  // SearchCertificates' listing settles a renewal that is progressing or not started; only a
  // stuck one needs DescribeCertificate for its domains and reason, or any without the listing's status.
  needs: (cert, p, now) =>
    !outOfScope(cert) && inRenewalWindow(cert, p, now) && !settledByListing(cert) ? ["details"] : [],
  evaluate(cert, p, now) {
    const scope = outOfScope(cert);
    if (scope) return notApplicable(scope);
    const notAfter = cert.certificate.notAfter;
    if (!notAfter) return notApplicable("certificate has no expiry date");
    const daysLeft = daysUntil(notAfter, now);
    if (!inRenewalWindow(cert, p, now)) {
      return compliant(
        `renewal window opens ${p.renewalWindowDays} days before expiry on ${isoDay(notAfter)}`,
        { daysLeft },
      );
    }
    const listed = cert.certificate.renewalStatus;
    if (RENEWAL_PROGRESSING.includes(listed))
      return compliant(listed === "SUCCESS" ? "renewed successfully" : "ACM is renewing the certificate", {
        daysLeft,
        renewalStatus: listed,
      });
    if (settledByListing(cert))
      return compliant(`no renewal started yet; expires ${isoDay(notAfter)}`, {
        daysLeft,
        renewalStatus: null,
      });
    const renewal = facetValue(cert.details, "details", cert.certificate.arn).renewalSummary;
    const evidence = {
      daysLeft,
      renewalStatus: renewal?.status ?? null,
      updatedAt: renewal?.updatedAt?.toISOString(),
    };
    switch (renewal?.status) {
      case undefined:
        return compliant(`no renewal started yet; expires ${isoDay(notAfter)}`, evidence);
      case "SUCCESS":
        return compliant("renewed successfully", evidence);
      case "PENDING_AUTO_RENEWAL":
        return compliant("ACM is renewing the certificate", evidence);
      case "PENDING_VALIDATION":
        return nonCompliant(
          `renewal waits for domain validation of ${renewal.pendingDomains.join(", ") || "its domains"}; expires in ${daysLeft} days`,
          {
            severity: daysLeft <= p.urgentWithinDays ? "HIGH" : "MEDIUM",
            evidence: { ...evidence, pendingDomains: renewal.pendingDomains },
          },
        );
      case "FAILED":
        return nonCompliant(
          `renewal failed (${renewal.failureReason ?? "no reason given"}); expires in ${daysLeft} days`,
          {
            severity: "HIGH",
            evidence: { ...evidence, failureReason: renewal.failureReason },
          },
        );
    }
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateSnapshot> => ({
  summary: "renewal stuck waiting for DNS validation 20 days before expiry",
  snapshot: exampleCertificate({
    certificate: { notAfter: new Date("2026-06-21T00:00:00Z") },
    details: { renewalSummary: { status: "PENDING_VALIDATION", pendingDomains: ["shop.example.com"] } },
  }),
  now: EXAMPLE_NOW,
});
