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
});
