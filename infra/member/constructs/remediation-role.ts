import { Aws, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { remediationRoleName } from "../../global-names";
import { REMEDIATION_ACTIONS, REMEDIATION_READS } from "../permissions";

export interface RemediationRoleProps {
  prefix: string;
  /** The functions that remediate: they may assume the role, and make the remediations' own reads. */
  remediators: readonly lambda.Function[];
}

/**
 * The only keysentry role that changes keys, limited to the remediations' declared writes on
 * this account's keys. It reads nothing: the functions verify a fix with their own credentials.
 */
export class RemediationRole extends iam.Role {
  constructor(scope: Construct, id: string, props: RemediationRoleProps) {
    super(scope, id, {
      roleName: remediationRoleName(props.prefix),
      description:
        "The only keysentry role that changes keys; CloudTrail records of its calls are ignored (loop guard)",
      assumedBy: new iam.CompositePrincipal(...props.remediators.map((fn) => fn.role!)),
    });
    this.addToPolicy(
      new iam.PolicyStatement({
        sid: "VerifiedRemediationsInThisAccount",
        actions: REMEDIATION_ACTIONS,
        resources: [`arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:key/*`],
        conditions: { StringEquals: { "aws:ResourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    for (const fn of props.remediators) {
      this.grantAssumeRole(fn.role!);
      // Config's GetResourceConfigHistory and CloudTrail's LookupEvents take no resource ARN.
      fn.addToRolePolicy(
        new iam.PolicyStatement({ sid: "RemediationReads", actions: REMEDIATION_READS, resources: ["*"] }),
      );
    }
    Validations.of(this).acknowledge({
      id: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]",
      reason:
        "Remediation may act on any customer key of this account, and only of this account (aws:ResourceAccount condition); the actions are the remediations' writes (EnableKeyRotation, CancelKeyDeletion, EnableKey, RevokeGrant).",
    });
  }
}
