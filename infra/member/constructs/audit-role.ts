import { Aws, CfnCondition, Fn, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { REGION_WIDE, readOnlyPolicy } from "../../../shared/engine";
import { type Settings, selectRules } from "../../../shared/settings";
import { resourceScope } from "../../resource-scope";

export interface AuditRoleProps {
  settings: Settings;
  auditRole: NonNullable<Settings["auditRole"]>;
}

/**
 * The read-only role `keysentry scan --organization` assumes from the security tooling account:
 * exactly the reads `keysentry permissions --organization` prints for the deployed settings (a
 * region-wide scan: it never reads a resource by name), trusted by that one
 * account (and external id). IAM roles belong to the account, not a region, so only the stack in
 * the configured region creates it (a CloudFormation condition: one StackSet template everywhere).
 */
export class AuditRole extends Construct {
  constructor(scope: Construct, id: string, props: AuditRoleProps) {
    super(scope, id);
    const stack = resourceScope(this);
    const { auditRole } = props;
    const home = new CfnCondition(stack, "AuditRoleRegion", {
      expression: Fn.conditionEquals(Aws.REGION, auditRole.region),
    });
    const rules = selectRules(props.settings).map((s) => s.rule);
    const role = new iam.Role(stack, "AuditRole", {
      roleName: auditRole.roleName,
      description: "keysentry scan --organization: read-only, for the security tooling account",
      assumedBy: new iam.AccountPrincipal(auditRole.trustedAccount),
      externalIds: auditRole.externalId ? [auditRole.externalId] : undefined,
      inlinePolicies: { KeysentryReadOnly: iam.PolicyDocument.fromJson(readOnlyPolicy(rules, REGION_WIDE)) },
    });
    (role.node.defaultChild as iam.CfnRole).cfnOptions.condition = home;
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "List, Describe and Get calls of KMS, ACM, ACM PCA and tagging on every resource of the account: the listings cannot be scoped, and the role can read nothing else.",
    });
  }
}
