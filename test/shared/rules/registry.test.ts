import { describe, expect, it } from "vitest";
import { ruleExample } from "../../../scripts/rule-examples";
import { verdictFinding } from "../../../shared/engine";
import { MAX_ANNOTATION_LENGTH } from "../../../shared/model";
import {
  AUTHORITY_RULES,
  CERTIFICATE_RULES,
  KEY_RULES,
  RULE_IDS,
  RULES,
  type RuleExample,
  ruleById,
  UnknownRuleError,
} from "../../../shared/rules";

describe("the rule registry", () => {
  it("holds every rule of the catalogue once", () => {
    expect(new Set(RULE_IDS).size).toBe(RULES.length);
    expect(RULE_IDS).toEqual([
      "kms-rotation-enabled",
      "kms-rotation-period",
      "kms-not-pending-deletion",
      "kms-key-enabled",
      "kms-policy-no-public-access",
      "kms-policy-trusted-accounts",
      "kms-policy-root-access",
      "kms-grant-principals",
      "kms-imported-material-expiry",
      "kms-key-unused",
      "acm-certificate-expiry",
      "acm-certificate-renewal",
      "acm-imported-certificate-expiry",
      "acm-certificate-key-strength",
      "acm-certificate-transparency-logging",
      "acm-certificate-export",
      "acmpca-root-ca-disabled",
      "acmpca-ca-certificate-expiry",
      "acmpca-revocation-enabled",
      "acmpca-key-algorithm",
    ]);
    expect(KEY_RULES.every((r) => r.resourceType === "AWS::KMS::Key")).toBe(true);
    expect(CERTIFICATE_RULES.every((r) => r.resourceType === "AWS::ACM::Certificate")).toBe(true);
    expect(AUTHORITY_RULES.every((r) => r.resourceType === "AWS::ACMPCA::CertificateAuthority")).toBe(true);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    "%s: its documented example fails",
    async (_id, rule) => {
      const params = rule.params.parse({});
      const { snapshot, now } = (await ruleExample(rule)) as RuleExample<never>;
      const evaluate = rule.evaluate as (
        s: typeof snapshot,
        p: unknown,
        n: Date,
      ) => ReturnType<typeof rule.evaluate>;
      const finding = verdictFinding(rule, snapshot, evaluate(snapshot, params, now));
      expect(finding.status).toBe("NON_COMPLIANT");
      expect(finding.annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    },
  );

  it.each(RULES.map((rule) => [rule.id, rule] as const))("%s: declares IAM read actions", (_id, rule) => {
    expect(rule.permissions.length).toBeGreaterThan(0);
    for (const action of rule.permissions)
      expect(action).toMatch(/^(kms|acm|acm-pca):(Describe|Get|List|Search)[A-Za-z]+$/);
  });

  it("finds rules by id and names the known ones when it cannot", () => {
    expect(ruleById("kms-key-enabled").title).toMatch(/enabled/);
    expect(() => ruleById("kms-nope")).toThrow(UnknownRuleError);
    expect(() => ruleById("kms-nope")).toThrow(/known rules: kms-rotation-enabled/);
  });
});
