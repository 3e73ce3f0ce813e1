import { describe, expect, it } from "vitest";
import { EXAMPLE_NOW, exampleAuthority } from "../../../shared/rules";
import { acmpcaCaCertificateExpiry } from "../../../shared/rules/acmpca-ca-certificate-expiry";
import { acmpcaKeyAlgorithm } from "../../../shared/rules/acmpca-key-algorithm";
import { acmpcaRevocationEnabled } from "../../../shared/rules/acmpca-revocation-enabled";
import { acmpcaRootCaDisabled } from "../../../shared/rules/acmpca-root-ca-disabled";
import { run } from "../../support/run-rule";

const DAY = 86_400_000;
const root = (status: string) => exampleAuthority({ authority: { type: "ROOT", status } });

describe("acmpca-root-ca-disabled", () => {
  it("flags an ACTIVE root CA and passes a DISABLED one", () => {
    const active = run(acmpcaRootCaDisabled, root("ACTIVE"));
    expect(active.status).toBe("NON_COMPLIANT");
    expect(active.severity).toBe("MEDIUM");
    expect(active.annotation).toMatch(/root CA is ACTIVE/);
    expect(run(acmpcaRootCaDisabled, root("DISABLED")).status).toBe("COMPLIANT");
  });

  it("lets the CAs in exemptedCAArns stay active, as a list or as the managed rule's CSV", () => {
    const ca = root("ACTIVE");
    const other = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/other";
    expect(run(acmpcaRootCaDisabled, ca, { exemptedCAArns: [ca.authority.arn] }).status).toBe("COMPLIANT");
    expect(run(acmpcaRootCaDisabled, ca, { exemptedCAArns: `${other}, ${ca.authority.arn}` }).status).toBe(
      "COMPLIANT",
    );
    expect(run(acmpcaRootCaDisabled, ca, { exemptedCAArns: [other] }).status).toBe("NON_COMPLIANT");
  });

  it("refuses a parameter that is not a CA ARN", () => {
    expect(() => acmpcaRootCaDisabled.params.parse({ exemptedCAArns: ["root-ca"] })).toThrow(/CA ARN/);
  });

  it.each([
    ["a subordinate CA", exampleAuthority(), /subordinate CA/],
    ["a root CA awaiting its certificate", root("PENDING_CERTIFICATE"), /cannot issue/],
    ["an expired root CA", root("EXPIRED"), /cannot issue/],
    ["a deleted root CA", root("DELETED"), /deleted/],
    ["a status AWS adds later", root("SUSPENDED"), /not known to this version/],
  ])("is not applicable to %s", (_case, ca, reason) => {
    const finding = run(acmpcaRootCaDisabled, ca);
    expect(finding.status).toBe("NOT_APPLICABLE");
    expect(finding.annotation).toMatch(reason);
  });
});

describe("acmpca-ca-certificate-expiry", () => {
  /** A CA whose certificate is valid for `validity` days, `left` days from its end. */
  const lasting = (validity: number, left: number, authority = {}) =>
    exampleAuthority({
      authority: {
        notBefore: new Date(EXAMPLE_NOW.getTime() - (validity - left) * DAY),
        notAfter: new Date(EXAMPLE_NOW.getTime() + left * DAY),
        ...authority,
      },
    });

  it("passes a CA certificate far from its end", () => {
    expect(run(acmpcaCaCertificateExpiry, lasting(3650, 2000)).status).toBe("COMPLIANT");
  });

  it.each([
    [1000, "LOW"],
    [600, "MEDIUM"],
    [300, "HIGH"],
    [100, "CRITICAL"],
  ])("a 10-year CA certificate with %i days left is %s (shares of its validity)", (left, severity) => {
    const finding = run(acmpcaCaCertificateExpiry, lasting(3650, left));
    expect(finding.status).toBe("NON_COMPLIANT");
    expect(finding.severity).toBe(severity);
  });

  it("says a subordinate's expiry ends every certificate it issued, and a root's needs new trust stores", () => {
    expect(run(acmpcaCaCertificateExpiry, lasting(1095, 60)).annotation).toMatch(
      /every certificate it issued stops validating/,
    );
    expect(run(acmpcaCaCertificateExpiry, lasting(3650, 100, { type: "ROOT" })).annotation).toMatch(
      /trust store/,
    );
  });

  it("is a step lower for a DISABLED CA, which issues nothing now", () => {
    expect(run(acmpcaCaCertificateExpiry, lasting(3650, 100, { status: "DISABLED" })).severity).toBe("HIGH");
  });

  it("flags EXPIRED as CRITICAL and FAILED with its reason", () => {
    const expired = run(acmpcaCaCertificateExpiry, lasting(365, -3, { status: "EXPIRED" }));
    expect([expired.status, expired.severity]).toEqual(["NON_COMPLIANT", "CRITICAL"]);
    expect(expired.annotation).toMatch(/expired on/);
    const failed = run(
      acmpcaCaCertificateExpiry,
      exampleAuthority({
        authority: { status: "FAILED", failureReason: "UNSUPPORTED_ALGORITHM", notAfter: undefined },
      }),
    );
    expect(failed.status).toBe("NON_COMPLIANT");
    expect(failed.annotation).toMatch(/UNSUPPORTED_ALGORITHM/);
  });

  it("is not applicable before the CA has a certificate", () => {
    const pending = exampleAuthority({
      authority: { status: "PENDING_CERTIFICATE", notBefore: undefined, notAfter: undefined },
    });
    expect(run(acmpcaCaCertificateExpiry, pending).status).toBe("NOT_APPLICABLE");
  });
});

describe("acmpca-revocation-enabled", () => {
  it.each([
    [true, false],
    [false, true],
  ])("passes a general-purpose CA with CRL %s, OCSP %s", (crlEnabled, ocspEnabled) => {
    expect(
      run(acmpcaRevocationEnabled, exampleAuthority({ authority: { crlEnabled, ocspEnabled } })).status,
    ).toBe("COMPLIANT");
  });

  it("flags a general-purpose CA with neither", () => {
    const finding = run(acmpcaRevocationEnabled, exampleAuthority({ authority: { crlEnabled: false } }));
    expect(finding.status).toBe("NON_COMPLIANT");
    expect(finding.evidence).toMatchObject({ crlEnabled: false, ocspEnabled: false });
  });

  it.each([
    ["short-lived-certificate mode", { usageMode: "SHORT_LIVED_CERTIFICATE" }, /short-lived/],
    ["a usage mode AWS adds later", { usageMode: "CODE_SIGNING_ONLY" }, /not known/],
    ["an expired CA", { status: "EXPIRED" }, /issues no certificates/],
  ])("is not applicable to %s", (_case, authority, reason) => {
    const finding = run(
      acmpcaRevocationEnabled,
      exampleAuthority({ authority: { crlEnabled: false, ...authority } }),
    );
    expect(finding.status).toBe("NOT_APPLICABLE");
    expect(finding.annotation).toMatch(reason);
  });
});

describe("acmpca-key-algorithm", () => {
  const ca = (keyAlgorithm: string, signingAlgorithm: string) =>
    exampleAuthority({ authority: { keyAlgorithm, signingAlgorithm } });

  it.each([
    ["RSA_2048", "SHA256WITHRSA"],
    ["RSA_3072", "SHA384WITHRSA"],
    ["EC_prime256v1", "SHA256WITHECDSA"],
    ["EC_secp521r1", "SHA512WITHECDSA"],
    ["ML_DSA_65", "ML_DSA_65"],
    ["SM2", "SM3WITHSM2"],
  ])("passes %s signing with %s", (key, signing) => {
    expect(run(acmpcaKeyAlgorithm, ca(key, signing)).status).toBe("COMPLIANT");
  });

  it("flags keys below the configured minimums and ML-DSA when not allowed", () => {
    expect(run(acmpcaKeyAlgorithm, ca("RSA_2048", "SHA256WITHRSA"), { minRsaBits: 3072 }).status).toBe(
      "NON_COMPLIANT",
    );
    expect(
      run(acmpcaKeyAlgorithm, ca("EC_prime256v1", "SHA256WITHECDSA"), { minEcBits: 384 }).annotation,
    ).toMatch(/weaker than the EC minimum of 384/);
    expect(run(acmpcaKeyAlgorithm, ca("ML_DSA_87", "ML_DSA_87"), { allowMlDsa: false }).status).toBe(
      "NON_COMPLIANT",
    );
  });

  it("flags SHA-1 signing whatever the key", () => {
    const finding = run(acmpcaKeyAlgorithm, ca("RSA_4096", "SHA1WITHRSA"));
    expect(finding.status).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/SHA-1/);
  });

  it.each([
    ["SLH_DSA_128", "SHA256WITHRSA", /key algorithm SLH_DSA_128 is not known/],
    ["RSA_2048", "SHA3_256WITHRSA", /signing algorithm SHA3_256WITHRSA is not known/],
    ["", "", /key algorithm \(none\)/],
  ])("is not applicable to an algorithm it does not know (%s, %s)", (key, signing, reason) => {
    const finding = run(acmpcaKeyAlgorithm, ca(key, signing));
    expect(finding.status).toBe("NOT_APPLICABLE");
    expect(finding.annotation).toMatch(reason);
  });
});
