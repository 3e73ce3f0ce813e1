import type { CertificateAuthoritySnapshot } from "../model";
import * as z from "../zod";
import { exampleAuthority } from "./authority-examples";
import { kindOf, outOfScopeReason } from "./authority-scope";
import { periodDays } from "./certificate-lifetime";
import { EXAMPLE_NOW } from "./examples";
import { expirySeverity, ladderDays, thresholdsSchema } from "./expiry-ladder";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { daysUntil, exactDaysUntil, isoDay, timeLeft } from "./time";

const params = z.strictObject({
  /**
   * The ladder of days before the CA certificate expires, or shares of its validity period ("20%"),
   * at which to renew it. The tightest step is CRITICAL, each looser one a step lower; a disabled
   * CA is one step lower.
   */
  thresholds: z._default(thresholdsSchema, ["33%", "20%", "10%", "5%"]),
});
type Params = z.infer<typeof params>;

/** What the CA's expiry ends, in words. */
function consequence(ca: CertificateAuthoritySnapshot): string {
  return ca.authority.type === "ROOT"
    ? "renew it and give every trust store the new root"
    : "every certificate it issued stops validating then: renew it";
}

export const acmpcaCaCertificateExpiry: Rule<CertificateAuthoritySnapshot, Params> = {
  id: "acmpca-ca-certificate-expiry",
  title: "CA certificates are renewed before they expire",
  description:
    "A private CA's own certificate bounds every certificate it issues. Flags it against a ladder of days or shares of its validity period (default 33%/20%/10%/5%: LOW to CRITICAL), and flags EXPIRED and FAILED CAs.",
  resourceType: "AWS::ACMPCA::CertificateAuthority",
  severity: "HIGH",
  evaluatedOn: ["change", "schedule"],
  permissions: ["acm-pca:ListCertificateAuthorities"],
  params,
  needs: () => [],
  evaluate(ca, p, now) {
    const outOfScope = outOfScopeReason(ca);
    if (outOfScope) return notApplicable(outOfScope);
    const { status, notBefore, notAfter, failureReason } = ca.authority;
    if (status === "FAILED")
      return nonCompliant(
        `${kindOf(ca)} creation failed (${failureReason ?? "no reason given"}): it issues nothing`,
        {
          severity: "HIGH",
          evidence: { status, failureReason },
        },
      );
    if (status === "CREATING" || status === "PENDING_CERTIFICATE")
      return notApplicable(`CA has no certificate yet (${status})`);
    if (!notAfter) return notApplicable("CA certificate has no expiry date");
    const daysLeft = daysUntil(notAfter, now);
    const steps = ladderDays(p.thresholds, periodDays(notBefore, notAfter));
    const expired = status === "EXPIRED" || daysLeft < 0;
    const severity = expirySeverity(
      expired ? -1 : exactDaysUntil(notAfter, now),
      steps,
      status !== "DISABLED",
    );
    const evidence = {
      status,
      notAfter: notAfter.toISOString(),
      daysLeft,
      thresholdsDays: steps.map((d) => Math.round(d * 10) / 10),
    };
    if (!severity)
      return compliant(`CA certificate expires ${isoDay(notAfter)} (${daysLeft} days)`, evidence);
    if (expired)
      return nonCompliant(
        `${kindOf(ca)} certificate expired on ${isoDay(notAfter)}: every certificate it issued has stopped validating`,
        { severity, evidence },
      );
    return nonCompliant(
      `${kindOf(ca)} certificate expires ${isoDay(notAfter)} (${timeLeft(notAfter, now)}): ${consequence(ca)}`,
      { severity, evidence },
    );
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateAuthoritySnapshot> => ({
  summary: "an active subordinate CA with a 3-year certificate and 60 days left",
  snapshot: exampleAuthority({
    authority: {
      notBefore: new Date("2023-07-31T00:00:00Z"),
      notAfter: new Date("2026-07-31T00:00:00Z"),
    },
  }),
  now: EXAMPLE_NOW,
});
