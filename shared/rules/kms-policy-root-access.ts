import type { KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { analyseKeyOf, NO_TRUST } from "./key-policy-grants";
import { awsManagedReason } from "./key-scope";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

export const kmsPolicyRootAccess: Rule<KeySnapshot> = {
  id: "kms-policy-root-access",
  title: "The account root keeps full access to the key",
  description:
    "Without an unconditional kms:* grant to the account root, IAM policies cannot manage the key and losing the named principals locks it until AWS Support steps in.",
  resourceType: "AWS::KMS::Key",
  severity: "HIGH",
  evaluatedOn: ["change"],
  permissions: ["kms:DescribeKey", "kms:GetKeyPolicy"],
  params: z.strictObject({}),
  needs: (key) => (awsManagedReason(key) ? [] : ["policy"]),
  evaluate(key) {
    const awsManaged = awsManagedReason(key);
    if (awsManaged) return notApplicable(awsManaged);
    const { rootAccess } = analyseKeyOf(key, NO_TRUST);
    // The denials are sentences: the first is the annotation, the statements are in deniedBy.
    const { denials, ...access } = rootAccess;
    const evidence = { ...access, account: key.account };
    if (rootAccess.full)
      return compliant("the account root has kms:*, so IAM policies can manage the key", evidence);
    const [denial] = denials;
    if (denial) return nonCompliant(denial, { evidence });
    if (rootAccess.conditionalGrants.length > 0) {
      return nonCompliant(
        "the account root has kms:* only under conditions: keep an unconditional grant as a lockout guard",
        { evidence },
      );
    }
    return nonCompliant(
      "no statement gives the account root kms:*: losing the principals named in the policy locks the key",
      { evidence },
    );
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "a policy that names only one admin role",
  snapshot: exampleKey({
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Admin",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:role/KeyAdmin" },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    },
  }),
  now: EXAMPLE_NOW,
});
