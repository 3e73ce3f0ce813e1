import { describe, expect, it } from "vitest";
import { UNREAD } from "../../../shared/model";
import { EXAMPLE_NOW, exampleCertificate } from "../../../shared/rules";
import { acmCertificateRenewal as rule } from "../../../shared/rules/acm-certificate-renewal";
import { needs, run } from "../../support/run-rule";

const inDays = (n: number) => new Date(EXAMPLE_NOW.getTime() + n * 86_400_000 + 3_600_000);

describe("acm-certificate-renewal", () => {
  it("does not describe a certificate outside the renewal window", () => {
    const snapshot = { ...exampleCertificate({ certificate: { notAfter: inDays(120) } }), details: UNREAD };
    expect(needs(rule, snapshot)).toEqual([]);
    expect(run(rule, snapshot).status).toBe("COMPLIANT");
  });

  it("describes a certificate inside the window", () => {
    expect(needs(rule, exampleCertificate({ certificate: { notAfter: inDays(50) } }))).toEqual(["details"]);
  });

  it.each(["SUCCESS", "PENDING_AUTO_RENEWAL"] as const)("is compliant while renewal is %s", (status) => {
    const snapshot = exampleCertificate({
      certificate: { notAfter: inDays(50) },
      details: { renewalSummary: { status, pendingDomains: [] } },
    });
    expect(run(rule, snapshot).status).toBe("COMPLIANT");
  });

  it("flags renewal waiting for validation, HIGH near expiry", () => {
    const waiting = (days: number) =>
      exampleCertificate({
        certificate: { notAfter: inDays(days) },
        details: { renewalSummary: { status: "PENDING_VALIDATION", pendingDomains: ["shop.example.com"] } },
      });
    expect(run(rule, waiting(40))).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "MEDIUM",
      evidence: { pendingDomains: ["shop.example.com"] },
    });
    expect(run(rule, waiting(10)).severity).toBe("HIGH");
  });

  it("flags a failed renewal with its reason", () => {
    const snapshot = exampleCertificate({
      certificate: { notAfter: inDays(30) },
      details: { renewalSummary: { status: "FAILED", failureReason: "CAA_ERROR", pendingDomains: [] } },
    });
    expect(run(rule, snapshot)).toMatchObject({ status: "NON_COMPLIANT", severity: "HIGH" });
    expect(run(rule, snapshot).annotation).toMatch(/renewal failed \(CAA_ERROR\)/);
  });

  it.each([
    ["imported", { type: "IMPORTED" as const }],
    ["ineligible", { renewalEligibility: "INELIGIBLE" as const }],
    ["expired", { status: "EXPIRED" as const }],
  ])("is not applicable to %s certificates", (_name, certificate) => {
    expect(
      run(rule, exampleCertificate({ certificate: { notAfter: inDays(20), ...certificate } })).status,
    ).toBe("NOT_APPLICABLE");
  });
});

describe("acm-certificate-renewal with the renewal status in the listing", () => {
  const listed = (renewalStatus: "PENDING_AUTO_RENEWAL" | "SUCCESS" | "PENDING_VALIDATION" | "FAILED") =>
    exampleCertificate({ certificate: { notAfter: new Date("2026-06-21T00:00:00Z"), renewalStatus } });

  it("settles a healthy renewal without describing the certificate", () => {
    for (const status of ["PENDING_AUTO_RENEWAL", "SUCCESS"] as const) {
      expect(rule.needs(listed(status), rule.params.parse({}), EXAMPLE_NOW)).toEqual([]);
      expect(run(rule, listed(status)).status).toBe("COMPLIANT");
    }
  });

  it("describes a stuck one, for its domains and reason", () => {
    for (const status of ["PENDING_VALIDATION", "FAILED"] as const)
      expect(rule.needs(listed(status), rule.params.parse({}), EXAMPLE_NOW)).toEqual(["details"]);
  });

  it("settles a renewal not started from SearchCertificates' listing, which omits the status until one starts", () => {
    const notStarted = {
      ...exampleCertificate({
        certificate: { notAfter: new Date("2026-06-21T00:00:00Z"), renewalStatusKnown: true },
      }),
      details: UNREAD,
    };
    expect(needs(rule, notStarted)).toEqual([]);
    expect(run(rule, notStarted)).toMatchObject({
      status: "COMPLIANT",
      annotation: expect.stringContaining("no renewal started yet"),
    });
    // ListCertificates carries no renewal status: the same certificate is described.
    const unlisted = { ...notStarted, certificate: { ...notStarted.certificate, renewalStatusKnown: false } };
    expect(needs(rule, unlisted)).toEqual(["details"]);
  });
});
