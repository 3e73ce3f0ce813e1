import { describe, expect, it } from "vitest";
import { UNREAD } from "../../../shared/model";
import { exampleCertificate } from "../../../shared/rules";
import { acmCertificateExport } from "../../../shared/rules/acm-certificate-export";
import { needs, run } from "../../support/run-rule";

const rule = acmCertificateExport;
const exportable = (certificate = {}, example = {}) =>
  exampleCertificate({
    certificate: { exportOption: "ENABLED", exported: false, ...certificate },
    ...example,
  });

describe("acm-certificate-export", () => {
  it("is compliant when export was not enabled at request, or not stated (the default)", () => {
    expect(run(rule, exampleCertificate({ certificate: { exportOption: "DISABLED" } }))).toMatchObject({
      status: "COMPLIANT",
      evidence: { exportOption: "DISABLED" },
    });
    expect(run(rule, exampleCertificate()).status).toBe("COMPLIANT");
  });

  it("flags an exportable certificate at the rule's severity", () => {
    const finding = run(rule, exportable());
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "MEDIUM",
      evidence: { exportOption: "ENABLED", exported: false },
    });
    expect(finding.annotation).toMatch(/can be exported and leave AWS/);
  });

  it("is HIGH once the key has been exported, with the expiry in its evidence so each renewal is news", () => {
    const notAfter = new Date("2026-09-15T23:59:59Z");
    const finding = run(rule, exportable({ exported: true, notAfter }));
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
      evidence: { exportOption: "ENABLED", exported: true, notAfter: notAfter.toISOString() },
    });
    expect(finding.annotation).toMatch(/has been exported and lives outside AWS/);
  });

  it("tells an ExportCertificate call at HIGH, even before the listing shows the export", () => {
    const snapshot = { ...exportable({ exported: false }), event: { certificateExported: true as const } };
    const finding = run(rule, snapshot);
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
      evidence: { exported: true },
      eventEvidence: { exportedByThisCall: true },
    });
    expect(finding.annotation).toMatch(/just exported \(ExportCertificate\)/);
    // The sweep after it, reading Exported from the listing, sees the same evidence: no second alert.
    const swept = run(rule, exportable({ exported: true }));
    expect(swept.evidence).toEqual(finding.evidence);
  });

  it("says the exported copies must be redeployed when an exported certificate renews", () => {
    const renewed = { ...exportable({ exported: true }), event: { certificateRenewed: true as const } };
    const finding = run(rule, renewed);
    expect(finding.severity).toBe("HIGH");
    expect(finding.annotation).toMatch(
      /renewed: the exported copies .* are out of date; export it again and redeploy/,
    );
    expect(finding.eventEvidence).toEqual({ redeployExportedCopies: true });
    // A renewal of a certificate never exported has nothing to redeploy.
    const never = { ...exportable(), event: { certificateRenewed: true as const } };
    expect(run(rule, never).annotation).not.toMatch(/redeploy/);
  });

  it("says so when only DescribeCertificate was read and whether the key left is unknown", () => {
    const finding = run(rule, exportable({ exported: undefined }));
    expect(finding).toMatchObject({ status: "NON_COMPLIANT", severity: "MEDIUM" });
    expect(finding.annotation).toMatch(/whether it was exported is not known/);
  });

  it("allows certificates whose every name is in allowedDomains", () => {
    const names = {
      domainName: "vpn.onprem.example.com",
      subjectAlternativeNames: ["vpn.onprem.example.com", "onprem.example.com"],
    };
    const allowed = { allowedDomains: ["*.onprem.example.com", "onprem.example.com"] };
    expect(run(rule, exportable({ ...names, exported: true }), allowed)).toMatchObject({
      status: "COMPLIANT",
      evidence: { exported: true, allowedBy: ["*.onprem.example.com", "onprem.example.com"] },
    });
    // One name outside the list is enough to flag it; a wildcard does not allow its parent.
    expect(run(rule, exportable(names), { allowedDomains: ["*.onprem.example.com"] }).status).toBe(
      "NON_COMPLIANT",
    );
    expect(
      run(rule, exportable({ domainName: "example.com", subjectAlternativeNames: ["example.com"] }), {
        allowedDomains: ["*.example.com"],
      }).status,
    ).toBe("NON_COMPLIANT");
    // Names compare without regard to case.
    expect(
      run(rule, exportable({ domainName: "VPN.Example.com", subjectAlternativeNames: [] }), {
        allowedDomains: ["vpn.example.com"],
      }).status,
    ).toBe("COMPLIANT");
  });

  it("reads every name from the details only when the summary's were cut short and domains are allowed", () => {
    const long = exportable({ hasAdditionalNames: true, subjectAlternativeNames: ["a.example.com"] }, {});
    expect(needs(rule, long)).toEqual([]);
    expect(needs(rule, long, { allowedDomains: ["*.example.com"] })).toEqual(["details"]);
    const withDetails = exportable(
      { domainName: "a.example.com", hasAdditionalNames: true, subjectAlternativeNames: ["a.example.com"] },
      { details: { subjectAlternativeNames: ["a.example.com", "b.example.org"] } },
    );
    expect(run(rule, withDetails, { allowedDomains: ["*.example.com"] }).status).toBe("NON_COMPLIANT");
    const unread = { ...exportable({ hasAdditionalNames: true }), details: UNREAD };
    expect(needs(rule, unread, {})).toEqual([]);
    expect(run(rule, unread).status).toBe("NON_COMPLIANT");
  });

  it.each([
    ["imported", { type: "IMPORTED" as const, keyPairOrigin: "CUSTOMER_PROVIDED" }, /imported/],
    ["private", { type: "PRIVATE" as const }, /private CA certificate/],
    ["ACME", { keyPairOrigin: "ACME" }, /ACME client made the private key/],
    ["expired", { status: "EXPIRED" as const }, /status is EXPIRED/],
    ["of an unknown key-pair origin", { keyPairOrigin: "HSM" }, /"HSM" is not known/],
    ["of an unknown export option", { exportOption: "SOMETIMES" }, /"SOMETIMES" is not known/],
  ])("is not applicable to a certificate %s", (_what, certificate, reason) => {
    const finding = run(rule, exportable({ exported: true, ...certificate }));
    expect(finding.status).toBe("NOT_APPLICABLE");
    expect(finding.annotation).toMatch(reason);
  });

  it("refuses allowedDomains that are not domain names", () => {
    expect(() => rule.params.parse({ allowedDomains: ["https://example.com"] })).toThrow(/domain name/);
    expect(() => rule.params.parse({ allowedDomains: ["example.*"] })).toThrow(/domain name/);
    expect(rule.params.parse({})).toEqual({ allowedDomains: [] });
  });
});
