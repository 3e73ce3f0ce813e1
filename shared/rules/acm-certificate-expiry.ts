import type { CertificateSnapshot } from "../model";
import * as z from "../zod";
import { usage } from "./certificate-scope";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { expirySeverity, thresholdsSchema } from "./expiry-ladder";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { daysUntil, isoDay } from "./time";

const params = z.strictObject({
  /**
   * The ladder of days to expiry, any order, each once: the tightest threshold is CRITICAL, each looser
   * one a step lower, and one step lower again when nothing uses the certificate.
   */
  thresholdsDays: z._default(thresholdsSchema, [45, 30, 14, 7]),
});
type Params = z.infer<typeof params>;

export const acmCertificateExpiry: Rule<CertificateSnapshot, Params> = {
  id: "acm-certificate-expiry",
  title: "ACM-issued certificates are not close to expiry",
  description:
    "Days to expiry against a ladder of thresholds (default 45/30/14/7): severity rises LOW, MEDIUM, HIGH, CRITICAL and is one step lower for a certificate nothing uses. Imported certificates have their own rule.",
  resourceType: "AWS::ACM::Certificate",
  severity: "MEDIUM",
  evaluatedOn: ["schedule"],
  permissions: ["acm:ListCertificates"],
  params,
  needs: () => [],
  evaluate(cert, p, now) {
    const { type, status, notAfter, inUse } = cert.certificate;
    if (type === "IMPORTED")
      return notApplicable("imported certificate (see acm-imported-certificate-expiry)");
    if (status !== "ISSUED" && status !== "EXPIRED") return notApplicable(`certificate status is ${status}`);
    if (!notAfter) return notApplicable("certificate has no expiry date yet");
    const daysLeft = daysUntil(notAfter, now);
    const evidence = { notAfter: notAfter.toISOString(), daysLeft, inUse, thresholdsDays: p.thresholdsDays };
    const severity =
      status === "EXPIRED"
        ? expirySeverity(-1, p.thresholdsDays, inUse)
        : expirySeverity(daysLeft, p.thresholdsDays, inUse);
    if (!severity) return compliant(`expires ${isoDay(notAfter)} (${daysLeft} days)`, evidence);
    const when =
      daysLeft < 0 || status === "EXPIRED"
        ? `expired on ${isoDay(notAfter)}`
        : `expires ${isoDay(notAfter)} (${daysLeft} days left)`;
    return nonCompliant(`${when}, ${usage(cert)}`, { severity, evidence });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateSnapshot> => ({
  summary: "an in-use certificate expiring in 10 days",
  snapshot: exampleCertificate({ certificate: { notAfter: new Date("2026-06-11T12:00:00Z") } }),
  now: EXAMPLE_NOW,
});
