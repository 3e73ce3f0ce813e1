import { CfnParameter } from "aws-cdk-lib";
import * as cloudformation from "aws-cdk-lib/aws-cloudformation";
import { Construct } from "constructs";
import { resourceScope } from "../../resource-scope";

export interface MemberRolloutProps {
  prefix: string;
  /** The default of the Regions parameter: the regions whose asset buckets the app defines. */
  regions?: string[];
  /** The organization-wide topic every member stack publishes to as well. */
  centralTopicArn: string;
  /** The default of the ConfigRules parameter the members get. */
  configRules: boolean;
}

/**
 * The service-managed StackSet of the member stack, deployed automatically to accounts as they
 * join. Where it goes is chosen at deployment (stack parameters), not baked into the template.
 */
export class MemberRollout extends Construct {
  constructor(scope: Construct, id: string, props: MemberRolloutProps) {
    super(scope, id);
    const stack = resourceScope(this);
    const units = new CfnParameter(stack, "OrganizationalUnitIds", {
      type: "CommaDelimitedList",
      description:
        "Organizational units (ou-... or the root r-...) whose accounts get keysentry, now and when they join",
    });
    const regions = new CfnParameter(stack, "Regions", {
      type: "CommaDelimitedList",
      description: "Regions to deploy keysentry in; each needs its asset bucket (KeysentryAssets-<region>)",
      // Matched against each region of the list (CloudFormation User Guide, "Parameters": AllowedPattern),
      // so a blank is refused rather than deployed to no region.
      allowedPattern: "[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}",
      constraintDescription: "region codes, like eu-west-1",
      ...(props.regions?.length ? { default: props.regions.join(",") } : {}),
    });
    const templateUrl = new CfnParameter(stack, "MemberTemplateUrl", {
      type: "String",
      description:
        "S3 URL of the StackSet member template in this region's asset bucket, as `npm run publish-assets` prints it",
    });
    // The member stack fails to create where AWS Config has no recorder unless its Config rules are left out.
    const configRules = new CfnParameter(stack, "ConfigRules", {
      type: "String",
      allowedValues: ["true", "false"],
      default: String(props.configRules),
      description:
        "Create AWS Config rules in every member: false when some accounts or regions have no AWS Config recorder",
    });
    // A service-managed StackSet is created signed in to the management account (SELF) or to a
    // registered delegated administrator (DELEGATED_ADMIN): CloudFormation API Reference,
    // CreateStackSet CallAs; CloudFormation User Guide, "Register a delegated administrator".
    const callAs = new CfnParameter(stack, "CallAs", {
      type: "String",
      allowedValues: ["SELF", "DELEGATED_ADMIN"],
      default: "SELF",
      description:
        "SELF when this stack is deployed from the management account, DELEGATED_ADMIN from a delegated administrator for StackSets",
    });
    new cloudformation.CfnStackSet(stack, "MemberStackSet", {
      stackSetName: `${props.prefix}-member`,
      description: "keysentry in every member account",
      permissionModel: "SERVICE_MANAGED",
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ["CAPABILITY_NAMED_IAM"],
      callAs: callAs.valueAsString,
      managedExecution: { Active: true },
      operationPreferences: {
        failureTolerancePercentage: 10,
        maxConcurrentPercentage: 25,
        regionConcurrencyType: "PARALLEL",
      },
      templateUrl: templateUrl.valueAsString,
      stackInstancesGroup: [
        { deploymentTargets: { organizationalUnitIds: units.valueAsList }, regions: regions.valueAsList },
      ],
      parameters: [
        { parameterKey: "CentralTopicArn", parameterValue: props.centralTopicArn },
        { parameterKey: "ConfigRules", parameterValue: configRules.valueAsString },
      ],
    });
  }
}
