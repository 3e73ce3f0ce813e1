import { KeysentryError } from "../errors";
import type { CertificateAuthoritySnapshot, CertificateSnapshot, KeySnapshot, ResourceType } from "../model";
import { acmCertificateExpiry } from "./acm-certificate-expiry";
import { acmCertificateExport } from "./acm-certificate-export";
import { acmCertificateKeyStrength } from "./acm-certificate-key-strength";
import { acmCertificateRenewal } from "./acm-certificate-renewal";
import { acmCertificateTransparencyLogging } from "./acm-certificate-transparency-logging";
import { acmImportedCertificateExpiry } from "./acm-imported-certificate-expiry";
import { acmpcaCaCertificateExpiry } from "./acmpca-ca-certificate-expiry";
import { acmpcaKeyAlgorithm } from "./acmpca-key-algorithm";
import { acmpcaRevocationEnabled } from "./acmpca-revocation-enabled";
import { acmpcaRootCaDisabled } from "./acmpca-root-ca-disabled";
import { kmsGrantPrincipals } from "./kms-grant-principals";
import { kmsImportedMaterialExpiry } from "./kms-imported-material-expiry";
import { kmsKeyEnabled } from "./kms-key-enabled";
import { kmsKeyUnused } from "./kms-key-unused";
import { kmsNotPendingDeletion } from "./kms-not-pending-deletion";
import { kmsPolicyNoPublicAccess } from "./kms-policy-no-public-access";
import { kmsPolicyRootAccess } from "./kms-policy-root-access";
import { kmsPolicyTrustedAccounts } from "./kms-policy-trusted-accounts";
import { kmsRotationEnabled } from "./kms-rotation-enabled";
import { kmsRotationPeriod } from "./kms-rotation-period";
import type { Rule } from "./rule";

export type KeyRule = Rule<KeySnapshot, unknown>;
export type CertificateRule = Rule<CertificateSnapshot, unknown>;
export type AuthorityRule = Rule<CertificateAuthoritySnapshot, unknown>;
export type AnyRule = KeyRule | CertificateRule | AuthorityRule;

export const KEY_RULES: readonly KeyRule[] = [
  kmsRotationEnabled,
  kmsRotationPeriod,
  kmsNotPendingDeletion,
  kmsKeyEnabled,
  kmsPolicyNoPublicAccess,
  kmsPolicyTrustedAccounts,
  kmsPolicyRootAccess,
  kmsGrantPrincipals,
  kmsImportedMaterialExpiry,
  kmsKeyUnused,
];

export const CERTIFICATE_RULES: readonly CertificateRule[] = [
  acmCertificateExpiry,
  acmCertificateRenewal,
  acmImportedCertificateExpiry,
  acmCertificateKeyStrength,
  acmCertificateTransparencyLogging,
  acmCertificateExport,
];

export const AUTHORITY_RULES: readonly AuthorityRule[] = [
  acmpcaRootCaDisabled,
  acmpcaCaCertificateExpiry,
  acmpcaRevocationEnabled,
  acmpcaKeyAlgorithm,
];

export const RULES: readonly AnyRule[] = [...KEY_RULES, ...CERTIFICATE_RULES, ...AUTHORITY_RULES];

export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

export class UnknownRuleError extends KeysentryError {
  override readonly name = "UnknownRuleError";
  constructor(readonly ruleId: string) {
    super(`unknown rule "${ruleId}"; known rules: ${RULE_IDS.join(", ")}`);
  }
}

export function ruleById(id: string): AnyRule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new UnknownRuleError(id);
  return rule;
}

export function rulesFor(resourceType: ResourceType): readonly AnyRule[] {
  return RULES.filter((rule) => rule.resourceType === resourceType);
}
