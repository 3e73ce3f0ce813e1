import { describe, expect, it } from "vitest";
import { EXAMPLE_NOW, exampleCertificate, expirySeverity } from "../../../shared/rules";
import { acmCertificateExpiry } from "../../../shared/rules/acm-certificate-expiry";
import { acmImportedCertificateExpiry } from "../../../shared/rules/acm-imported-certificate-expiry";
import { run } from "../../support/run-rule";

const inDays = (n: number) => new Date(EXAMPLE_NOW.getTime() + n * 86_400_000 + 3_600_000);

describe("the expiry ladder", () => {
  it.each([
    [60, undefined],
    [45, "LOW"],
    [30, "MEDIUM"],
    [14, "HIGH"],
    [7, "CRITICAL"],
    [0, "CRITICAL"],
    [-1, "CRITICAL"],
  ])("%i days left is %s", (days, severity) =>
    expect(expirySeverity(days, [45, 30, 14, 7], true)).toBe(severity),
  );

  it("is one step lower for a certificate nothing uses", () => {
    expect(expirySeverity(7, [45, 30, 14, 7], false)).toBe("HIGH");
    expect(expirySeverity(40, [45, 30, 14, 7], false)).toBe("INFO");
  });

  it("aligns a shorter ladder to CRITICAL at its tightest threshold", () => {
    expect(expirySeverity(20, [30, 14], true)).toBe("HIGH");
    expect(expirySeverity(10, [30, 14], true)).toBe("CRITICAL");
  });
});

describe("acm-certificate-expiry", () => {
  const rule = acmCertificateExpiry;

  it("is compliant beyond the loosest threshold", () => {
    expect(run(rule, exampleCertificate({ certificate: { notAfter: inDays(100) } })).status).toBe(
      "COMPLIANT",
    );
  });

  it("rises with the ladder and names usage", () => {
    const finding = run(rule, exampleCertificate({ certificate: { notAfter: inDays(20) } }));
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "MEDIUM",
      evidence: { daysLeft: 20, inUse: true },
    });
    expect(finding.annotation).toMatch(
      /^shop\.example\.com \(certificate .+\): expires .* \(20 days left\), in use$/,
    );
    expect(run(rule, exampleCertificate({ certificate: { notAfter: inDays(3) } })).severity).toBe("CRITICAL");
  });

  it("lowers severity for unused certificates", () => {
    expect(
      run(rule, exampleCertificate({ certificate: { notAfter: inDays(3), inUse: false } })).severity,
    ).toBe("HIGH");
  });

  it("flags an EXPIRED certificate", () => {
    expect(
      run(rule, exampleCertificate({ certificate: { status: "EXPIRED", notAfter: inDays(-3) } })),
    ).toMatchObject({ severity: "CRITICAL" });
  });

  it("takes custom thresholds", () => {
    expect(
      run(rule, exampleCertificate({ certificate: { notAfter: inDays(80) } }), { thresholdsDays: [90, 60] })
        .severity,
    ).toBe("HIGH");
    expect(() => rule.params.parse({ thresholdsDays: [] })).toThrow();
  });

  it("is not applicable to imported and not-yet-issued certificates", () => {
    expect(
      run(rule, exampleCertificate({ certificate: { type: "IMPORTED", notAfter: inDays(3) } })).status,
    ).toBe("NOT_APPLICABLE");
    expect(
      run(rule, exampleCertificate({ certificate: { status: "PENDING_VALIDATION", notAfter: undefined } }))
        .status,
    ).toBe("NOT_APPLICABLE");
  });
});

describe("acm-imported-certificate-expiry", () => {
  const rule = acmImportedCertificateExpiry;
  const imported = (days: number, inUse = true) =>
    exampleCertificate({
      certificate: { type: "IMPORTED", renewalEligibility: "INELIGIBLE", notAfter: inDays(days), inUse },
    });

  it("is compliant beyond the lead time", () => expect(run(rule, imported(90)).status).toBe("COMPLIANT"));

  it("flags an imported certificate within the lead time, rising to CRITICAL", () => {
    expect(run(rule, imported(50))).toMatchObject({ status: "NON_COMPLIANT", severity: "LOW" });
    expect(run(rule, imported(5)).severity).toBe("CRITICAL");
    expect(run(rule, imported(100), { leadTimeDays: 120 }).status).toBe("NON_COMPLIANT");
    expect(run(rule, imported(50)).annotation).toMatch(/import a replacement/);
  });

  it("is not applicable to certificates ACM renews", () => {
    expect(run(rule, exampleCertificate({ certificate: { notAfter: inDays(5) } })).status).toBe(
      "NOT_APPLICABLE",
    );
  });
});
