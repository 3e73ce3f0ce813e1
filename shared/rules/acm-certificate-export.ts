import { type CertificateSnapshot, facetValue } from "../model";
import * as z from "../zod";
import { notLiveReason } from "./certificate-scope";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { isoDay } from "./time";

/** A DNS name or a wildcard over one, as certificates carry them: at most 253 characters. */
const domainName = z
  .string()
  .check(
    z.maxLength(253),
    z.regex(
      /^(\*\.)?([a-z0-9_-]{1,63}\.)*[a-z0-9-]{1,63}$/i,
      "a domain name, like example.com or *.example.com",
    ),
  );

const params = z.strictObject({
  /**
   * Domains whose certificates may be exportable: `example.com` allows that name alone,
   * `*.example.com` every name under example.com. A certificate is allowed when every name on it is.
   */
  allowedDomains: z._default(z.array(domainName).check(z.maxLength(100)), []),
});
type Params = z.infer<typeof params>;

/**
 * Public certificates whose key ACM made (key-pair origin AWS_MANAGED) are the ones whose export
 * is a choice, made once at request time (SDK model, CertificateOptions.Export: "You cannot update
 * the value of Export after the certificate is created"). Imported keys came from outside, ACME
 * keys never left the ACME client (ACM User Guide, "Issuing certificates through ACME"), and
 * private certificates exist to be exported.
 */
function outOfScope(cert: CertificateSnapshot): string | undefined {
  const { type, keyPairOrigin } = cert.certificate;
  if (type === "IMPORTED") return "imported: its private key came from outside ACM";
  if (type === "PRIVATE") return "private CA certificate: exporting is how private certificates are used";
  if (keyPairOrigin === "ACME")
    return "issued through ACME: the ACME client made the private key, ACM never held it";
  if (keyPairOrigin !== undefined && keyPairOrigin !== "AWS_MANAGED")
    return `key-pair origin "${keyPairOrigin.slice(0, 32)}" is not known to this version of keysentry`;
  return notLiveReason(cert);
}

/** Every name on the certificate; the complete list from its details when the summary's was cut short. */
function namesOf(cert: CertificateSnapshot): string[] {
  const { domainName: name, subjectAlternativeNames, hasAdditionalNames, arn } = cert.certificate;
  const sans = hasAdditionalNames
    ? facetValue(cert.details, "details", arn).subjectAlternativeNames
    : subjectAlternativeNames;
  return [...new Set([name, ...sans].filter(Boolean).map((n) => n.toLowerCase()))];
}

function allows(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith("*.") ? name.endsWith(p.slice(1)) : name === p;
}

/** True when the rule must see every name and the summary holds only the first hundred. */
function needsAllNames(cert: CertificateSnapshot, p: Params): boolean {
  const { exportOption, hasAdditionalNames } = cert.certificate;
  return !outOfScope(cert) && exportOption === "ENABLED" && hasAdditionalNames && p.allowedDomains.length > 0;
}

export const acmCertificateExport: Rule<CertificateSnapshot, Params> = {
  id: "acm-certificate-export",
  title: "Public certificates' private keys stay in ACM",
  description:
    "A public certificate requested with export enabled can have its private key exported, to live wherever the caller puts it; export cannot be turned off afterwards. Flagged unless its domains are allowed; HIGH once the key has been exported, and told again when it renews, since the exported copies must then be replaced.",
  resourceType: "AWS::ACM::Certificate",
  severity: "MEDIUM",
  evaluatedOn: ["change", "schedule"],
  permissions: ["acm:SearchCertificates", "acm:ListCertificates"],
  params,
  needs: (cert, p) => (needsAllNames(cert, p) ? ["details"] : []),
  evaluate(cert, p) {
    const scope = outOfScope(cert);
    if (scope) return notApplicable(scope);
    const { exportOption = "DISABLED", exported, notAfter } = cert.certificate;
    if (exportOption === "DISABLED")
      return compliant("the private key cannot be exported: export was not enabled at request", {
        exportOption,
      });
    if (exportOption !== "ENABLED")
      return notApplicable(
        `export option "${exportOption.slice(0, 32)}" is not known to this version of keysentry`,
      );
    const { certificateExported, certificateRenewed } = cert.event ?? {};
    // The ExportCertificate event proves the export even before the listing shows it.
    const wasExported = exported === true || certificateExported === true;
    const redeploy = wasExported && certificateRenewed === true;
    const names = p.allowedDomains.length > 0 ? namesOf(cert) : [];
    if (names.length > 0 && names.every((name) => p.allowedDomains.some((d) => allows(d, name))))
      return compliant(
        redeploy
          ? "renewed, and its domains are allowed to be exported: export it again and redeploy the copies"
          : "exportable, and every name is in allowedDomains",
        {
          exportOption,
          exported: wasExported,
          allowedBy: p.allowedDomains.filter((d) => names.some((name) => allows(d, name))),
        },
      );
    // Each renewal of an exported certificate changes what must be redeployed: part of the finding.
    const evidence = {
      exportOption,
      exported: wasExported,
      ...(wasExported && notAfter ? { notAfter: notAfter.toISOString() } : {}),
    };
    if (certificateExported)
      return nonCompliant(
        "its private key was just exported (ExportCertificate): the key now lives outside AWS",
        {
          severity: "HIGH",
          evidence,
          eventEvidence: { exportedByThisCall: true },
        },
      );
    if (redeploy)
      return nonCompliant(
        "renewed: the exported copies of its key and certificate are out of date; export it again and redeploy them",
        { severity: "HIGH", evidence, eventEvidence: { redeployExportedCopies: true } },
      );
    if (wasExported)
      return nonCompliant(
        `its private key has been exported and lives outside AWS; each renewal must be exported and redeployed${notAfter ? ` (expires ${isoDay(notAfter)})` : ""}`,
        { severity: "HIGH", evidence },
      );
    const unknown =
      exported === undefined
        ? "; whether it was exported is not known (DescribeCertificate does not say)"
        : "";
    return nonCompliant(
      `exportable: its private key can be exported and leave AWS, and export cannot be turned off${unknown}`,
      { evidence },
    );
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateSnapshot> => ({
  summary: "a public certificate requested with export enabled, whose key has been exported",
  snapshot: exampleCertificate({ certificate: { exportOption: "ENABLED", exported: true } }),
  now: EXAMPLE_NOW,
});
