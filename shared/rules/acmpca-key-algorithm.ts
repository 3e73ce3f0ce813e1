import type { CertificateAuthoritySnapshot } from "../model";
import * as z from "../zod";
import { exampleAuthority } from "./authority-examples";
import { outOfScopeReason } from "./authority-scope";
import { EXAMPLE_NOW } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

const params = z.strictObject({
  /** The smallest acceptable RSA CA key, in bits. */
  minRsaBits: z._default(z.int().check(z.gte(2048), z.lte(4096)), 2048),
  /** The smallest acceptable elliptic-curve CA key, in bits (SM2 counts as 256). */
  minEcBits: z._default(z.int().check(z.gte(256), z.lte(521)), 256),
  /** Whether ML-DSA (FIPS 204, post-quantum) CA keys are acceptable. */
  allowMlDsa: z._default(z.boolean(), true),
});
type Params = z.infer<typeof params>;

type Family = "RSA" | "EC" | "ML-DSA";

/**
 * KeyAlgorithm values the Private CA API reference lists (CertificateAuthorityConfiguration):
 * RSA_2048 | RSA_3072 | RSA_4096 | EC_prime256v1 | EC_secp384r1 | EC_secp521r1 | ML_DSA_44 |
 * ML_DSA_65 | ML_DSA_87 | SM2. The installed SDK (3.523.0) knows only the first, second, fourth
 * and fifth: the others arrive as strings, read here by name.
 */
const KEY_ALGORITHMS: Record<string, { family: Family; bits: number }> = {
  RSA_2048: { family: "RSA", bits: 2048 },
  RSA_3072: { family: "RSA", bits: 3072 },
  RSA_4096: { family: "RSA", bits: 4096 },
  EC_prime256v1: { family: "EC", bits: 256 },
  EC_secp384r1: { family: "EC", bits: 384 },
  EC_secp521r1: { family: "EC", bits: 521 },
  // SM2 is a 256-bit curve (GB/T 32918), offered in the China Regions.
  SM2: { family: "EC", bits: 256 },
  ML_DSA_44: { family: "ML-DSA", bits: 0 },
  ML_DSA_65: { family: "ML-DSA", bits: 0 },
  ML_DSA_87: { family: "ML-DSA", bits: 0 },
};

/** SigningAlgorithm values of the same reference, by family; none is SHA-1. */
const SIGNING_ALGORITHMS: Record<string, Family> = {
  SHA256WITHRSA: "RSA",
  SHA384WITHRSA: "RSA",
  SHA512WITHRSA: "RSA",
  SHA256WITHECDSA: "EC",
  SHA384WITHECDSA: "EC",
  SHA512WITHECDSA: "EC",
  SM3WITHSM2: "EC",
  ML_DSA_44: "ML-DSA",
  ML_DSA_65: "ML-DSA",
  ML_DSA_87: "ML-DSA",
};

/** A SHA-1 signature (SHA1WITHRSA, as older CAs elsewhere name it) is weak whatever the key. */
const isSha1 = (signing: string) => signing.startsWith("SHA1WITH");

function weakness(key: { family: Family; bits: number }, algorithm: string, p: Params): string | undefined {
  if (key.family === "ML-DSA")
    return p.allowMlDsa ? undefined : `${algorithm} (ML-DSA) is not allowed by allowMlDsa`;
  const minimum = key.family === "RSA" ? p.minRsaBits : p.minEcBits;
  return key.bits < minimum
    ? `${algorithm} is weaker than the ${key.family} minimum of ${minimum} bits`
    : undefined;
}

export const acmpcaKeyAlgorithm: Rule<CertificateAuthoritySnapshot, Params> = {
  id: "acmpca-key-algorithm",
  title: "CA keys and signatures are strong enough",
  description:
    "A private CA's key is at least RSA 2048 or EC P-256 (configurable), ML-DSA allowed unless `allowMlDsa` is false, and it never signs with SHA-1. An algorithm this version does not know is not applicable, never a guess.",
  resourceType: "AWS::ACMPCA::CertificateAuthority",
  severity: "HIGH",
  evaluatedOn: ["change"],
  permissions: ["acm-pca:ListCertificateAuthorities"],
  params,
  needs: () => [],
  evaluate(ca, p) {
    const outOfScope = outOfScopeReason(ca);
    if (outOfScope) return notApplicable(outOfScope);
    const { keyAlgorithm = "", signingAlgorithm = "" } = ca.authority;
    const evidence = { keyAlgorithm, signingAlgorithm };
    if (signingAlgorithm && isSha1(signingAlgorithm))
      return nonCompliant(`CA signs with ${signingAlgorithm}: SHA-1 signatures can be forged`, { evidence });
    const key = KEY_ALGORITHMS[keyAlgorithm];
    if (!key)
      return notApplicable(
        `key algorithm ${keyAlgorithm || "(none)"} is not known to this version of keysentry`,
        evidence,
      );
    const signing = SIGNING_ALGORITHMS[signingAlgorithm];
    if (!signing)
      return notApplicable(
        `signing algorithm ${signingAlgorithm || "(none)"} is not known to this version of keysentry`,
        evidence,
      );
    const weak = weakness(key, keyAlgorithm, p);
    if (weak) return nonCompliant(weak, { evidence });
    return compliant(`${keyAlgorithm} key signing with ${signingAlgorithm}`, evidence);
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateAuthoritySnapshot> => ({
  summary: "a CA reported signing with SHA-1 (no Private CA API value today, refused should one appear)",
  snapshot: exampleAuthority({ authority: { keyAlgorithm: "RSA_2048", signingAlgorithm: "SHA1WITHRSA" } }),
  now: EXAMPLE_NOW,
});
