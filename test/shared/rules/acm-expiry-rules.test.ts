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

/** A certificate valid for `validity` days, `age` days into its life, at EXAMPLE_NOW. */
function aged(validity: number, age: number, certificate: Parameters<typeof exampleCertificate>[0] = {}) {
  const notBefore = new Date(EXAMPLE_NOW.getTime() - age * DAY);
  return exampleCertificate({
    ...certificate,
    certificate: {
      notBefore,
      notAfter: new Date(notBefore.getTime() + validity * DAY),
      ...certificate.certificate,
    },
  });
}
const DAY = 86_400_000;
const unmanaged = { certificate: { renewalEligibility: "INELIGIBLE" as const } };
const renewing = (status: "PENDING_AUTO_RENEWAL" | "SUCCESS" | "PENDING_VALIDATION" | "FAILED") => ({
  details: { renewalSummary: { status, pendingDomains: [] } },
});

describe("acm-certificate-expiry", () => {
  const rule = acmCertificateExpiry;

  it("is compliant beyond the loosest threshold", () => {
    expect(run(rule, exampleCertificate({ certificate: { notAfter: inDays(100) } })).status).toBe(
      "COMPLIANT",
    );
  });

  it("rises with the ladder and names usage (a certificate ACM does not renew)", () => {
    // 395-day validity: 33% is 130 days, 20% 79, 10% 39.5, 5% 19.75.
    const finding = run(rule, aged(395, 375, unmanaged));
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
      evidence: { daysLeft: 20, inUse: true },
    });
    expect(finding.annotation).toMatch(
      /^shop\.example\.com \(certificate .+\): expires .* \(20 days left\), in use$/,
    );
    expect(run(rule, aged(395, 392, unmanaged)).severity).toBe("CRITICAL");
    expect(run(rule, aged(395, 300, unmanaged)).severity).toBe("LOW");
  });

  it("lowers severity for unused certificates", () => {
    expect(
      run(rule, aged(395, 392, { certificate: { renewalEligibility: "INELIGIBLE", inUse: false } })).severity,
    ).toBe("HIGH");
  });

  it("flags an EXPIRED certificate", () => {
    expect(
      run(rule, exampleCertificate({ certificate: { status: "EXPIRED", notAfter: inDays(-3) } })),
    ).toMatchObject({ severity: "CRITICAL" });
  });

  it("takes custom thresholds in days or shares, and still reads thresholdsDays", () => {
    expect(run(rule, aged(395, 315, unmanaged), { thresholdsDays: [90, 60] }).severity).toBe("HIGH");
    expect(run(rule, aged(100, 85, unmanaged), { thresholds: ["50%", 10] }).severity).toBe("HIGH");
    expect(run(rule, aged(100, 45, unmanaged), { thresholds: ["50%", 10] }).status).toBe("COMPLIANT");
    expect(() => rule.params.parse({ thresholdsDays: [] })).toThrow();
    expect(() => rule.params.parse({ thresholds: ["0%"] })).toThrow();
    expect(() => rule.params.parse({ thresholds: ["33 %"] })).toThrow();
    expect(rule.params.safeParse({ thresholds: ["33%", "33%"] }).error?.issues[0]?.message).toBe(
      'each threshold must appear once; "33%" appears more than once',
    );
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

  describe("a certificate ACM renews is judged by its renewal", () => {
    it("says nothing before ACM's renewal window, however far down the ladder", () => {
      const finding = run(rule, aged(395, 300));
      expect(finding.status).toBe("COMPLIANT");
      expect(finding.annotation).toMatch(/renewal window has not opened/);
    });

    it("is compliant inside the window while renewal progresses, and says so", () => {
      for (const status of ["PENDING_AUTO_RENEWAL", "SUCCESS"] as const) {
        const finding = run(rule, aged(198, 170, renewing(status)));
        expect(finding.status).toBe("COMPLIANT");
        expect(finding.annotation).toMatch(/ACM is renewing it/);
      }
    });

    it("reads the renewal status from the listing when it carries it, describing nothing", () => {
      const cert = aged(198, 170, { certificate: { renewalStatus: "PENDING_AUTO_RENEWAL" } });
      expect(rule.needs(cert, rule.params.parse({}), EXAMPLE_NOW)).toEqual([]);
      expect(rule.needs(aged(198, 170), rule.params.parse({}), EXAMPLE_NOW)).toEqual(["details"]);
      expect(rule.needs(aged(198, 100), rule.params.parse({}), EXAMPLE_NOW)).toEqual([]);
      expect(run(rule, cert).status).toBe("COMPLIANT");
      // SearchCertificates' listing with no status: no renewal started, known without describing.
      const notStarted = aged(198, 170, { certificate: { renewalStatusKnown: true } });
      expect(rule.needs(notStarted, rule.params.parse({}), EXAMPLE_NOW)).toEqual([]);
      expect(run(rule, { ...notStarted, details: { state: "unread" } }).annotation).toMatch(
        /ACM has not started renewing it/,
      );
    });

    it.each([
      [undefined, /ACM has not started renewing it/],
      ["PENDING_VALIDATION", /waits for domain validation/],
      ["FAILED", /renewal failed/],
    ] as const)("flags renewal %s inside the window, saying so", (status, says) => {
      const cert = aged(198, 170, status ? renewing(status) : {});
      const finding = run(rule, cert);
      expect(finding.status).toBe("NON_COMPLIANT");
      expect(finding.annotation).toMatch(says);
    });

    it("flags a renewal still in progress at the ladder's last step", () => {
      expect(run(rule, aged(198, 190, renewing("PENDING_AUTO_RENEWAL")))).toMatchObject({
        status: "NON_COMPLIANT",
        severity: "CRITICAL",
      });
    });

    // Silent on a healthy certificate of any lifetime, and in time when renewal does not happen.
    it.each([7, 47, 100, 198, 395])(
      "a %i-day certificate: silent while healthy, warned in time",
      (validity) => {
        for (let age = 0; age < validity; age += validity / 50) {
          const healthy = run(rule, aged(validity, age, renewing("PENDING_AUTO_RENEWAL")));
          if (age < validity * 0.95) expect(healthy.status, `healthy at day ${age}`).toBe("COMPLIANT");
        }
        const stuck = (age: number) => run(rule, aged(validity, age)).status;
        // With no renewal under way, a third of the life is still left when the window opens (45 days at most).
        const warnedAt = Array.from({ length: 100 }, (_, i) => (validity * i) / 100).find(
          (age) => stuck(age) === "NON_COMPLIANT",
        );
        expect(warnedAt).toBeDefined();
        expect(validity - warnedAt!).toBeGreaterThanOrEqual(Math.min(45, validity / 3) - validity / 100);
      },
    );
  });
});

describe("acm-imported-certificate-expiry", () => {
  const rule = acmImportedCertificateExpiry;
  const imported = (days: number, inUse = true) =>
    exampleCertificate({
      certificate: { type: "IMPORTED", renewalEligibility: "INELIGIBLE", notAfter: inDays(days), inUse },
    });
  const importedAged = (validity: number, age: number) =>
    aged(validity, age, { certificate: { type: "IMPORTED", renewalEligibility: "INELIGIBLE" } });

  it("is compliant beyond the first step", () => expect(run(rule, imported(90)).status).toBe("COMPLIANT"));

  it("flags an imported certificate on a ladder of shares of its validity, rising to CRITICAL", () => {
    // 395 days: 20% is 79 days (MEDIUM), 10% 39.5 (HIGH), 5% 19.75 (CRITICAL).
    expect(run(rule, importedAged(395, 325))).toMatchObject({ status: "NON_COMPLIANT", severity: "MEDIUM" });
    expect(run(rule, importedAged(395, 390)).severity).toBe("CRITICAL");
    expect(run(rule, importedAged(395, 300)).status).toBe("COMPLIANT");
    expect(run(rule, importedAged(395, 325)).annotation).toMatch(/import a replacement/);
  });

  it("still reads leadTimeDays: that many days, then 30, 14 and 7", () => {
    expect(run(rule, imported(50), { leadTimeDays: 60 })).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "LOW",
    });
    expect(run(rule, imported(5), { leadTimeDays: 60 }).severity).toBe("CRITICAL");
    expect(run(rule, imported(100), { leadTimeDays: 120 }).status).toBe("NON_COMPLIANT");
  });

  it.each([7, 47, 100, 198, 395])(
    "a %i-day certificate is silent for four fifths of its life",
    (validity) => {
      expect(run(rule, importedAged(validity, validity * 0.79)).status).toBe("COMPLIANT");
      expect(run(rule, importedAged(validity, validity * 0.81)).status).toBe("NON_COMPLIANT");
    },
  );

  it("is not applicable to certificates ACM renews", () => {
    expect(run(rule, exampleCertificate({ certificate: { notAfter: inDays(5) } })).status).toBe(
      "NOT_APPLICABLE",
    );
  });
});
