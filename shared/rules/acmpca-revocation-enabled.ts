import type { CertificateAuthoritySnapshot } from "../model";
import * as z from "../zod";
import { exampleAuthority } from "./authority-examples";
import { kindOf, outOfScopeReason } from "./authority-scope";
import { EXAMPLE_NOW } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

const params = z.strictObject({});
type Params = z.infer<typeof params>;

/** Statuses in which a CA has issued, or can issue, certificates someone may need to revoke. */
const ISSUING = ["PENDING_CERTIFICATE", "ACTIVE", "DISABLED"];

/**
 * Certificates of a SHORT_LIVED_CERTIFICATE CA live at most 7 days and are not revoked: their
 * expiry is the revocation (Private CA User Guide, "Short-lived certificate mode").
 */
export const acmpcaRevocationEnabled: Rule<CertificateAuthoritySnapshot, Params> = {
  id: "acmpca-revocation-enabled",
  title: "General-purpose CAs publish revocation",
  description:
    "A general-purpose CA whose certificates live for months must let relying parties learn of a revoked one: a CRL or OCSP must be enabled. Short-lived-certificate CAs are not applicable.",
  resourceType: "AWS::ACMPCA::CertificateAuthority",
  severity: "MEDIUM",
  evaluatedOn: ["change"],
  permissions: ["acm-pca:ListCertificateAuthorities"],
  params,
  needs: () => [],
  evaluate(ca) {
    const outOfScope = outOfScopeReason(ca);
    if (outOfScope) return notApplicable(outOfScope);
    const { status, usageMode, crlEnabled, ocspEnabled } = ca.authority;
    if (!ISSUING.includes(status)) return notApplicable(`CA issues no certificates while ${status}`);
    if (usageMode === "SHORT_LIVED_CERTIFICATE")
      return notApplicable("short-lived-certificate CA: its certificates expire instead of being revoked");
    if (usageMode !== "GENERAL_PURPOSE")
      return notApplicable(`usage mode ${usageMode} is not known to this version of keysentry`);
    const evidence = { usageMode, crlEnabled, ocspEnabled };
    if (crlEnabled || ocspEnabled) {
      const which = [crlEnabled ? "CRL" : "", ocspEnabled ? "OCSP" : ""].filter(Boolean).join(" and ");
      return compliant(`${which} enabled`, evidence);
    }
    return nonCompliant(
      `general-purpose ${kindOf(ca)} publishes neither a CRL nor OCSP: a revoked certificate stays trusted until it expires`,
      { evidence },
    );
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateAuthoritySnapshot> => ({
  summary: "a general-purpose subordinate CA with neither CRL nor OCSP",
  snapshot: exampleAuthority({ authority: { crlEnabled: false, ocspEnabled: false } }),
  now: EXAMPLE_NOW,
});
