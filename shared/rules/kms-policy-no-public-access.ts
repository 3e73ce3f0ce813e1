import type { KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey, policyWith } from "./examples";
import { analyseKeyOf, explainGrants, grantEvidence, NO_TRUST } from "./key-policy-grants";
import { awsManagedReason } from "./key-scope";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

export const kmsPolicyNoPublicAccess: Rule<KeySnapshot> = {
  id: "kms-policy-no-public-access",
  title: "Key policy does not allow public access",
  description:
    'No Allow statement reaches "*" unless a condition pins the caller to known accounts, an organization or a VPC endpoint (aws:PrincipalOrgID, aws:PrincipalAccount, kms:CallerAccount, aws:SourceAccount, ...). kms:ViaService alone does not.',
  resourceType: "AWS::KMS::Key",
  severity: "CRITICAL",
  evaluatedOn: ["change"],
  permissions: ["kms:DescribeKey", "kms:GetKeyPolicy"],
  params: z.strictObject({}),
  needs: (key) => (awsManagedReason(key) ? [] : ["policy"]),
  evaluate(key) {
    const awsManaged = awsManagedReason(key);
    if (awsManaged) return notApplicable(awsManaged);
    const publicGrants = analyseKeyOf(key, NO_TRUST).grants.filter((g) => g.class === "public");
    if (publicGrants.length === 0)
      return compliant("no statement allows access to anyone outside known accounts");
    return nonCompliant(explainGrants(publicGrants), {
      // Metadata reads alone are a leak, not a takeover.
      severity: publicGrants.every((g) => g.readOnly) ? "HIGH" : "CRITICAL",
      evidence: { grants: grantEvidence(publicGrants) },
    });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: 'a statement allowing Principal "*" to decrypt, with only a kms:ViaService condition',
  snapshot: exampleKey({
    policy: policyWith({
      Sid: "AnyoneViaS3",
      Effect: "Allow",
      Principal: "*",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    }),
  }),
  now: EXAMPLE_NOW,
});
