import type { CertificateSnapshot } from "../model";
import * as z from "../zod";
import { validityDays } from "./certificate-lifetime";
import { usage } from "./certificate-scope";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { expirySeverity, ladderDays, type Threshold, thresholdsSchema } from "./expiry-ladder";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { daysUntil, exactDaysUntil, isoDay, timeLeft } from "./time";

const params = z.strictObject({
  /**
   * Imported certificates never renew: the ladder of days before expiry, or shares of the validity
   * period ("20%"), at which to get and import a new one. The tightest step is CRITICAL, each looser
   * one a step lower.
   */
  thresholds: z._default(thresholdsSchema, ["20%", "10%", "5%"]),
  /** The former parameter, still read: when given, the ladder is this many days, then 30, 14 and 7 below it. */
  leadTimeDays: z.optional(z.int().check(z.gte(7), z.lte(825))),
});
type Params = z.infer<typeof params>;

function ladder(p: Params): readonly Threshold[] {
  if (p.leadTimeDays === undefined) return p.thresholds;
  const lead = p.leadTimeDays;
  return [lead, ...[30, 14, 7].filter((d) => d < lead)];
}

export const acmImportedCertificateExpiry: Rule<CertificateSnapshot, Params> = {
  id: "acm-imported-certificate-expiry",
  title: "Imported certificates are replaced before they expire",
  description:
    "ACM never renews an imported certificate: someone must obtain and re-import a new one. Flags imported certificates against a ladder of days or shares of their validity period (default 20%/10%/5%: MEDIUM, HIGH, CRITICAL), so a short-lived certificate is not called expiring from its first day.",
  resourceType: "AWS::ACM::Certificate",
  severity: "MEDIUM",
  evaluatedOn: ["schedule"],
  permissions: ["acm:ListCertificates"],
  params,
  needs: () => [],
  evaluate(cert, p, now) {
    const { type, status, notAfter, inUse } = cert.certificate;
    if (type !== "IMPORTED")
      return notApplicable("ACM renews certificates it issued (see acm-certificate-renewal)");
    if (status !== "ISSUED" && status !== "EXPIRED") return notApplicable(`certificate status is ${status}`);
    if (!notAfter) return notApplicable("certificate has no expiry date");
    const daysLeft = daysUntil(notAfter, now);
    const steps = ladderDays(ladder(p), validityDays(cert));
    const severity = expirySeverity(status === "EXPIRED" ? -1 : exactDaysUntil(notAfter, now), steps, inUse);
    const evidence = {
      notAfter: notAfter.toISOString(),
      daysLeft,
      inUse,
      thresholdsDays: steps.map((d) => Math.round(d * 10) / 10),
    };
    if (!severity) return compliant(`expires ${isoDay(notAfter)} (${daysLeft} days)`, evidence);
    const when =
      daysLeft < 0 || status === "EXPIRED"
        ? `expired on ${isoDay(notAfter)}`
        : `expires ${isoDay(notAfter)} (${timeLeft(notAfter, now)})`;
    return nonCompliant(`imported certificate ${when}, ${usage(cert)}: import a replacement`, {
      severity,
      evidence,
    });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateSnapshot> => ({
  summary: "an imported 112-day certificate with 20 days (18% of its life) left",
  snapshot: exampleCertificate({
    certificate: {
      type: "IMPORTED",
      renewalEligibility: "INELIGIBLE",
      notAfter: new Date("2026-06-21T00:00:00Z"),
    },
  }),
  now: EXAMPLE_NOW,
});
