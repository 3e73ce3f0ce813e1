import type { KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey, policyWith } from "./examples";
import { accountId, organizationId } from "./ids";
import { analyseKeyOf, explainGrants, grantEvidence } from "./key-policy-grants";
import { awsManagedReason } from "./key-scope";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

const params = z.strictObject({
  /** Accounts whose access to the key is expected. */
  trustedAccounts: z._default(z.array(accountId()), []),
  /**
   * Organizations whose accounts are trusted when a grant is pinned to them by aws:PrincipalOrgID or
   * aws:PrincipalOrgPaths.
   */
  trustedOrganizationIds: z._default(z.array(organizationId()), []),
});
type Params = z.infer<typeof params>;

export const kmsPolicyTrustedAccounts: Rule<KeySnapshot, Params> = {
  id: "kms-policy-trusted-accounts",
  title: "Key policy grants access only to this account and trusted accounts",
  description:
    "Principals from accounts other than this one, the trusted accounts and the trusted organizations are flagged, with conditions understood (an external account pinned to a trusted organization by aws:PrincipalOrgID is trusted). Public grants are left to kms-policy-no-public-access.",
  resourceType: "AWS::KMS::Key",
  severity: "HIGH",
  evaluatedOn: ["change"],
  permissions: ["kms:DescribeKey", "kms:GetKeyPolicy"],
  params,
  usesTrust: true,
  needs: (key) => (awsManagedReason(key) ? [] : ["policy"]),
  evaluate(key, p) {
    const awsManaged = awsManagedReason(key);
    if (awsManaged) return notApplicable(awsManaged);
    const { grants } = analyseKeyOf(key, p);
    const external = grants.filter((g) => g.class === "external-account");
    if (external.length === 0) {
      const trusted = grants.filter(
        (g) => g.class === "trusted-account" || g.class === "trusted-organization",
      );
      return compliant(
        trusted.length > 0
          ? `access stays within this account and ${trusted.length} trusted grant${trusted.length === 1 ? "" : "s"}`
          : "access stays within this account",
      );
    }
    return nonCompliant(explainGrants(external), { evidence: { grants: grantEvidence(external) } });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "a statement allowing an untrusted account to decrypt",
  snapshot: exampleKey({
    policy: policyWith({
      Sid: "Partner",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::999988887777:root" },
      Action: "kms:Decrypt",
      Resource: "*",
    }),
  }),
  now: EXAMPLE_NOW,
});
