import type { CertificateSnapshot } from "../model";
import * as z from "../zod";
import { notLiveReason } from "./certificate-scope";
import { EXAMPLE_NOW, exampleCertificate } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

const params = z.strictObject({
  /** The smallest acceptable RSA key, in bits. */
  minRsaBits: z._default(z.int().check(z.gte(1024), z.lte(4096)), 2048),
  /** The smallest acceptable elliptic-curve key, in bits. */
  minEcBits: z._default(z.int().check(z.gte(256), z.lte(521)), 256),
});
type Params = z.infer<typeof params>;

/** KeyAlgorithm values ACM reports (ACM API reference, CertificateDetail.KeyAlgorithm). */
const EC_BITS: Record<string, number> = { EC_prime256v1: 256, EC_secp384r1: 384, EC_secp521r1: 521 };

function keySize(algorithm: string): { family: "RSA" | "EC"; bits: number } | undefined {
  const rsa = /^RSA_(\d+)$/.exec(algorithm);
  if (rsa) return { family: "RSA", bits: Number(rsa[1]) };
  const ec = EC_BITS[algorithm];
  return ec ? { family: "EC", bits: ec } : undefined;
}

export const acmCertificateKeyStrength: Rule<CertificateSnapshot, Params> = {
  id: "acm-certificate-key-strength",
  title: "Certificate keys are strong enough",
  description: "RSA keys of at least 2048 bits and EC keys of at least P-256 (both configurable).",
  resourceType: "AWS::ACM::Certificate",
  severity: "MEDIUM",
  evaluatedOn: ["change"],
  permissions: ["acm:ListCertificates"],
  params,
  needs: () => [],
  evaluate(cert, p) {
    const notLive = notLiveReason(cert);
    if (notLive) return notApplicable(notLive);
    const algorithm = cert.certificate.keyAlgorithm;
    const size = algorithm ? keySize(algorithm) : undefined;
    if (!algorithm || !size) return notApplicable(`key algorithm ${algorithm ?? "unknown"} is not RSA or EC`);
    const minimum = size.family === "RSA" ? p.minRsaBits : p.minEcBits;
    const evidence = { keyAlgorithm: algorithm, bits: size.bits, minimumBits: minimum };
    return size.bits >= minimum
      ? compliant(`${algorithm} meets the ${size.family} minimum of ${minimum} bits`, evidence)
      : nonCompliant(`${algorithm} is weaker than the ${size.family} minimum of ${minimum} bits`, {
          evidence,
        });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateSnapshot> => ({
  summary: "an imported certificate with an RSA 1024-bit key",
  snapshot: exampleCertificate({
    certificate: { type: "IMPORTED", keyAlgorithm: "RSA_1024", renewalEligibility: "INELIGIBLE" },
  }),
  now: EXAMPLE_NOW,
});
