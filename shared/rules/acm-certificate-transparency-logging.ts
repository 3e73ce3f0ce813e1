import { type CertificateSnapshot, facetValue } from "../model";
import * as z from "../zod";
import { notLiveReason } from "./certificate-scope";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

function outOfScope(cert: CertificateSnapshot): string | undefined {
  const { type } = cert.certificate;
  if (type === "IMPORTED") return "ACM does not log imported certificates";
  if (type === "PRIVATE") return "private CA certificates are not logged to public CT logs";
  return notLiveReason(cert);
}

export const acmCertificateTransparencyLogging: Rule<CertificateSnapshot> = {
  id: "acm-certificate-transparency-logging",
  title: "Certificate Transparency logging is not disabled",
  description:
    "Browsers reject public certificates missing from Certificate Transparency logs, and CT lets owners spot mis-issuance. Private and imported certificates are not applicable.",
  resourceType: "AWS::ACM::Certificate",
  severity: "LOW",
  evaluatedOn: ["change"],
  permissions: ["acm:ListCertificates", "acm:DescribeCertificate"],
  params: z.strictObject({}),
  needs: (cert) => (outOfScope(cert) ? [] : ["details"]),
  evaluate(cert) {
    const scope = outOfScope(cert);
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
  summary: "a public certificate requested with CT logging disabled",
  snapshot: exampleCertificate({ details: { transparencyLogging: "DISABLED" } }),
  now: EXAMPLE_NOW,
});
