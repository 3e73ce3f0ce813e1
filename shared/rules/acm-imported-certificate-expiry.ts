import type { CertificateSnapshot } from "../model";
import * as z from "../zod";
import { usage } from "./certificate-scope";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { expirySeverity } from "./expiry-ladder";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { daysUntil, isoDay } from "./time";

const params = z.strictObject({
  /**
   * Imported certificates never renew: flag them this many days before expiry, to get and import a
   * new one.
   */
  leadTimeDays: z._default(z.int().check(z.gte(7), z.lte(825)), 60),
});
type Params = z.infer<typeof params>;

export const acmImportedCertificateExpiry: Rule<CertificateSnapshot, Params> = {
  id: "acm-imported-certificate-expiry",
  title: "Imported certificates are replaced before they expire",
  description:
    "ACM never renews an imported certificate: someone must obtain and re-import a new one. Flags imported certificates within the lead time (default 60 days), rising to CRITICAL in the last week.",
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
    const ladder = [p.leadTimeDays, ...[30, 14, 7].filter((d) => d < p.leadTimeDays)];
    const severity = expirySeverity(status === "EXPIRED" ? -1 : daysLeft, ladder, inUse);
    const evidence = { notAfter: notAfter.toISOString(), daysLeft, inUse, leadTimeDays: p.leadTimeDays };
    if (!severity) return compliant(`expires ${isoDay(notAfter)} (${daysLeft} days)`, evidence);
    const when =
      daysLeft < 0 || status === "EXPIRED"
        ? `expired on ${isoDay(notAfter)}`
        : `expires ${isoDay(notAfter)} (${daysLeft} days left)`;
    return nonCompliant(`imported certificate ${when}, ${usage(cert)}: import a replacement`, {
      severity,
      evidence,
    });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateSnapshot> => ({
  summary: "an imported certificate expiring in 40 days",
  snapshot: exampleCertificate({
    certificate: {
      type: "IMPORTED",
      renewalEligibility: "INELIGIBLE",
      notAfter: new Date("2026-07-11T00:00:00Z"),
    },
  }),
  now: EXAMPLE_NOW,
});
