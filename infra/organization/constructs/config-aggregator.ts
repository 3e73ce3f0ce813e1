import { Validations } from "aws-cdk-lib";
import * as config from "aws-cdk-lib/aws-config";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { resourceScope } from "../../resource-scope";

export interface ConfigAggregatorProps {
  prefix: string;
}

/** An AWS Config aggregator over every account and region of the organization, and the role it reads with. */
export class ConfigAggregator extends Construct {
  constructor(scope: Construct, id: string, props: ConfigAggregatorProps) {
    super(scope, id);
    const stack = resourceScope(this);
    const role = new iam.Role(stack, "AggregatorRole", {
      assumedBy: new iam.ServicePrincipal("config.amazonaws.com"),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSConfigRoleForOrganizations"),
      ],
    });
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]",
      reason: "AWS Config organization aggregators require this AWS managed policy.",
    });
    new config.CfnConfigurationAggregator(stack, "Aggregator", {
      configurationAggregatorName: `${props.prefix}-organization`,
      organizationAggregationSource: { roleArn: role.roleArn, allAwsRegions: true },
    });
  }
}
