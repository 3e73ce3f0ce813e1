import { type CertificateSnapshot, facetValue } from "../model";
import * as z from "../zod";
import { notLiveReason } from "./certificate-scope";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { isoDay } from "./time";

/**
 * ACM withdrew the opt-out: CertificateOptions.CertificateTransparencyLoggingPreference is
 * "deprecated (since 12th June 2026) Certificate transparency logging opt-out is no longer
 * available. All public certificates are recorded in a certificate transparency log" (SDK model,
 * @aws-sdk/client-acm 3.1169, CertificateOptions). The hour is not given: midnight UTC is taken.
 */
export const CT_OPT_OUT_WITHDRAWN = new Date("2026-06-12T00:00:00Z");

/**
 * Only a certificate issued before the opt-out was withdrawn can be missing from the logs. A
 * renewal issues a new certificate, logged like any other, so the issue date (the list summary's
 * IssuedAt, else the start of validity) decides, without DescribeCertificate.
 */
function loggedByDefault(cert: CertificateSnapshot, now: Date): string | undefined {
  const { issuedAt, notBefore } = cert.certificate;
  const issued = issuedAt ?? notBefore;
  const withdrawn = isoDay(CT_OPT_OUT_WITHDRAWN);
  if (issued && issued >= CT_OPT_OUT_WITHDRAWN)
    return `issued on ${isoDay(issued)}, after ACM withdrew the CT logging opt-out on ${withdrawn}: every public certificate since is logged`;
  if (!issued && now >= CT_OPT_OUT_WITHDRAWN)
    return `not issued yet: ACM logs every public certificate it issues since it withdrew the CT logging opt-out on ${withdrawn}`;
  return undefined;
}

function outOfScope(cert: CertificateSnapshot, now: Date): string | undefined {
  const { type } = cert.certificate;
  if (type === "IMPORTED") return "ACM does not log imported certificates";
  if (type === "PRIVATE") return "private CA certificates are not logged to public CT logs";
  return notLiveReason(cert) ?? loggedByDefault(cert, now);
}

export const acmCertificateTransparencyLogging: Rule<CertificateSnapshot> = {
  id: "acm-certificate-transparency-logging",
  title: "Certificate Transparency logging is not disabled",
  description:
    "Browsers reject public certificates missing from Certificate Transparency logs, and CT lets owners spot mis-issuance. ACM withdrew the opt-out on 12 June 2026, so only certificates issued before then can have logging disabled; later ones, private and imported certificates are not applicable.",
  resourceType: "AWS::ACM::Certificate",
  severity: "LOW",
  evaluatedOn: ["change"],
  permissions: ["acm:SearchCertificates", "acm:ListCertificates", "acm:DescribeCertificate"],
  params: z.strictObject({}),
  needs: (cert, _, now) => (outOfScope(cert, now) ? [] : ["details"]),
  evaluate(cert, _, now) {
    const scope = outOfScope(cert, now);
    if (scope) return notApplicable(scope);
    const preference =
      facetValue(cert.details, "details", cert.certificate.arn).transparencyLogging ?? "ENABLED";
    return preference === "DISABLED"
      ? nonCompliant("Certificate Transparency logging is disabled: browsers may reject the certificate", {
          evidence: { certificateTransparencyLoggingPreference: preference },
        })
      : compliant("Certificate Transparency logging is enabled", {
          certificateTransparencyLoggingPreference: preference,
        });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateSnapshot> => ({
  summary: "a public certificate issued before 12 June 2026 with CT logging disabled",
  snapshot: exampleCertificate({ details: { transparencyLogging: "DISABLED" } }),
  now: EXAMPLE_NOW,
});
