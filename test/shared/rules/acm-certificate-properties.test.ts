import { describe, expect, it } from "vitest";
import { exampleCertificate } from "../../../shared/rules";
import { acmCertificateKeyStrength } from "../../../shared/rules/acm-certificate-key-strength";
import { acmCertificateTransparencyLogging } from "../../../shared/rules/acm-certificate-transparency-logging";
import { needs, run } from "../../support/run-rule";

describe("acm-certificate-key-strength", () => {
  const rule = acmCertificateKeyStrength;
  const withKey = (keyAlgorithm: string) => exampleCertificate({ certificate: { keyAlgorithm } });

  it.each(["RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"])(
    "accepts %s",
    (algorithm) => {
      expect(run(rule, withKey(algorithm)).status).toBe("COMPLIANT");
    },
  );

  it("flags RSA 1024", () =>
    expect(run(rule, withKey("RSA_1024"))).toMatchObject({ status: "NON_COMPLIANT", severity: "MEDIUM" }));

  it("applies configured minimums", () => {
    expect(run(rule, withKey("RSA_2048"), { minRsaBits: 3072 }).status).toBe("NON_COMPLIANT");
    expect(run(rule, withKey("EC_prime256v1"), { minEcBits: 384 }).status).toBe("NON_COMPLIANT");
  });

  it("is not applicable to unknown algorithms and dead certificates", () => {
    expect(run(rule, withKey("ML_DSA_65")).status).toBe("NOT_APPLICABLE");
    expect(
      run(rule, exampleCertificate({ certificate: { keyAlgorithm: "RSA_1024", status: "REVOKED" } })).status,
    ).toBe("NOT_APPLICABLE");
  });
});

describe("acm-certificate-transparency-logging", () => {
  const rule = acmCertificateTransparencyLogging;

  it("is compliant when CT logging is enabled", () =>
    expect(run(rule, exampleCertificate()).status).toBe("COMPLIANT"));

  it("flags a public certificate with CT logging disabled", () => {
    expect(run(rule, exampleCertificate({ details: { transparencyLogging: "DISABLED" } }))).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "LOW",
    });
  });

  it.each(["IMPORTED", "PRIVATE"] as const)(
    "is not applicable to %s certificates and reads nothing",
    (type) => {
      const snapshot = exampleCertificate({
        certificate: { type },
        details: { transparencyLogging: "DISABLED" },
      });
      expect(needs(rule, snapshot)).toEqual([]);
      expect(run(rule, snapshot).status).toBe("NOT_APPLICABLE");
    },
  );

  describe("after ACM withdrew the opt-out on 12 June 2026", () => {
    const later = new Date("2026-11-01T00:00:00Z");
    const issued = (issuedAt?: Date, notBefore?: Date) =>
      exampleCertificate({
        certificate: { issuedAt, notBefore },
        details: { transparencyLogging: "DISABLED" },
      });

    it("still flags a certificate issued before, with the preference DISABLED", () => {
      const snapshot = issued(new Date("2026-06-11T23:59:59Z"));
      expect(needs(rule, snapshot, {}, later)).toEqual(["details"]);
      expect(run(rule, snapshot, {}, later).status).toBe("NON_COMPLIANT");
    });

    it("is not applicable to a certificate issued on or after it, decided from the summary alone", () => {
      const snapshot = issued(new Date("2026-06-12T00:00:00Z"));
      expect(needs(rule, snapshot, {}, later)).toEqual([]);
      const finding = run(rule, snapshot, {}, later);
      expect(finding.status).toBe("NOT_APPLICABLE");
      expect(finding.annotation).toMatch(
        /issued on 2026-06-12, after ACM withdrew the CT logging opt-out on 2026-06-12: every public certificate since is logged/,
      );
    });

    it("takes the start of validity when the issue date is missing, and a certificate not issued yet as logged", () => {
      expect(needs(rule, issued(undefined, new Date("2026-08-01T00:00:00Z")), {}, later)).toEqual([]);
      expect(needs(rule, issued(undefined, new Date("2026-05-01T00:00:00Z")), {}, later)).toEqual([
        "details",
      ]);
      const pending = exampleCertificate({
        certificate: { status: "PENDING_VALIDATION", issuedAt: undefined, notBefore: undefined },
      });
      expect(run(rule, pending, {}, later).annotation).toMatch(/not issued yet/);
      expect(needs(rule, pending, {}, new Date("2026-06-01T00:00:00Z"))).toEqual(["details"]);
    });
  });
});
