import type { CertificateSnapshot, RenewalStatus } from "../model";
import * as z from "../zod";
import {
  inRenewalWindow,
  RENEWAL_PROGRESSING,
  renewalStatus,
  renewalStatusUnknown,
  underManagedRenewal,
  validityDays,
} from "./certificate-lifetime";
import { usage } from "./certificate-scope";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { expirySeverity, ladderDays, thresholdsSchema } from "./expiry-ladder";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { daysUntil, exactDaysUntil, isoDay, timeLeft } from "./time";

const params = z.strictObject({
  /**
   * The ladder: days before expiry, or shares of the certificate's validity period ("33%"), any
   * order, each once. The tightest step is CRITICAL, each looser one a step lower, one lower again
   * when nothing uses the certificate. Shares fit certificates of any lifetime, from 7 days to 13 months.
   */
  thresholds: z._default(thresholdsSchema, ["33%", "20%", "10%", "5%"]),
  /** The former name of `thresholds`, still read: when given, it is the ladder. */
  thresholdsDays: z.optional(thresholdsSchema),
});
type Params = z.infer<typeof params>;

function ladder(cert: CertificateSnapshot, p: Params): number[] {
  return ladderDays(p.thresholdsDays ?? p.thresholds, validityDays(cert));
}

/** Past the ladder's first step, a certificate ACM renews is judged by its renewal, once ACM has begun. */
function judgedByRenewal(cert: CertificateSnapshot, p: Params, now: Date): boolean {
  const { notAfter, inUse } = cert.certificate;
  if (!notAfter || !underManagedRenewal(cert) || !inRenewalWindow(cert, now)) return false;
  return expirySeverity(exactDaysUntil(notAfter, now), ladder(cert, p), inUse) !== undefined;
}

function renewalNote(status: RenewalStatus | undefined): string {
  switch (status) {
    case undefined:
      return "ACM has not started renewing it";
    case "PENDING_VALIDATION":
      return "its renewal waits for domain validation (see acm-certificate-renewal)";
    case "FAILED":
      return "its renewal failed (see acm-certificate-renewal)";
    default:
      return "ACM's renewal is still in progress";
  }
}

export const acmCertificateExpiry: Rule<CertificateSnapshot, Params> = {
  id: "acm-certificate-expiry",
  title: "ACM-issued certificates are not close to expiry",
  description:
    "Time to expiry against a ladder of thresholds in days or shares of the validity period (default 33%/20%/10%/5%, so a 47-day certificate and a 13-month one are judged alike): severity rises LOW, MEDIUM, HIGH, CRITICAL and is one step lower for a certificate nothing uses. A certificate ACM renews is judged by its renewal: silent before ACM's renewal window, and inside it flagged only when renewal is not progressing (or is still not done at the last step). Imported certificates have their own rule.",
  resourceType: "AWS::ACM::Certificate",
  severity: "MEDIUM",
  evaluatedOn: ["schedule"],
  permissions: ["acm:ListCertificates", "acm:DescribeCertificate"],
  params,
  // Renewal status comes with SearchCertificates' listing; only without it is the certificate described.
  needs: (cert, p, now) => (judgedByRenewal(cert, p, now) && renewalStatusUnknown(cert) ? ["details"] : []),
  evaluate(cert, p, now) {
    const { type, status, notAfter, inUse } = cert.certificate;
    if (type === "IMPORTED")
      return notApplicable("imported certificate (see acm-imported-certificate-expiry)");
    if (status !== "ISSUED" && status !== "EXPIRED") return notApplicable(`certificate status is ${status}`);
    if (!notAfter) return notApplicable("certificate has no expiry date yet");
    const daysLeft = daysUntil(notAfter, now);
    const steps = ladder(cert, p);
    const evidence = {
      notAfter: notAfter.toISOString(),
      daysLeft,
      inUse,
      thresholdsDays: steps.map((d) => Math.round(d * 10) / 10),
    };
    const severity = expirySeverity(status === "EXPIRED" ? -1 : exactDaysUntil(notAfter, now), steps, inUse);
    if (!severity) return compliant(`expires ${isoDay(notAfter)} (${daysLeft} days)`, evidence);
    const when =
      daysLeft < 0 || status === "EXPIRED"
        ? `expired on ${isoDay(notAfter)}`
        : `expires ${isoDay(notAfter)} (${timeLeft(notAfter, now)})`;
    if (status === "EXPIRED" || !underManagedRenewal(cert))
      return nonCompliant(`${when}, ${usage(cert)}`, { severity, evidence });
    if (!inRenewalWindow(cert, now))
      return compliant(
        `${when}; ACM renews it before expiry, and its renewal window has not opened`,
        evidence,
      );
    const renewal = renewalStatus(cert);
    const lastStep = exactDaysUntil(notAfter, now) <= steps[steps.length - 1]!;
    if (RENEWAL_PROGRESSING.includes(renewal) && !lastStep)
      return compliant(`${when}; ACM is renewing it (${renewal})`, { ...evidence, renewalStatus: renewal });
    return nonCompliant(`${when}, ${usage(cert)}; ${renewalNote(renewal)}`, {
      severity,
      evidence: { ...evidence, renewalStatus: renewal ?? null },
    });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateSnapshot> => ({
  summary: "an in-use certificate 10 days before expiry whose renewal ACM has not started",
  snapshot: exampleCertificate({ certificate: { notAfter: new Date("2026-06-11T12:00:00Z") } }),
  now: EXAMPLE_NOW,
});
