/**
 * The Security Hub CSPM control each rule answers, where one does (Security Hub user guide,
 * "Security Hub CSPM controls for AWS KMS", "... for ACM", "... for AWS Private CA"):
 * KMS.3 "AWS KMS keys should not be deleted unintentionally", KMS.4 "AWS KMS key rotation should
 * be enabled", KMS.5 "KMS keys should not be publicly accessible", ACM.1 "Imported and ACM-issued
 * certificates should be renewed after a specified time period", ACM.2 "RSA certificates managed
 * by ACM should use a key length of at least 2,048 bits", PCA.1 "AWS Private CA root certificate
 * authority should be disabled". Rules with no counterpart (policy trust, root access, grants,
 * imported key material, renewal, export, CT logging, ...) have none.
 */
export const SECURITY_HUB_CONTROLS: Readonly<Record<string, string>> = {
  "kms-not-pending-deletion": "KMS.3",
  "kms-rotation-enabled": "KMS.4",
  "kms-policy-no-public-access": "KMS.5",
  "acm-certificate-expiry": "ACM.1",
  "acm-imported-certificate-expiry": "ACM.1",
  "acm-certificate-key-strength": "ACM.2",
  "acmpca-root-ca-disabled": "PCA.1",
};

/** The control a rule answers, if any. */
export function securityHubControl(ruleId: string): string | undefined {
  return Object.hasOwn(SECURITY_HUB_CONTROLS, ruleId) ? SECURITY_HUB_CONTROLS[ruleId] : undefined;
}
