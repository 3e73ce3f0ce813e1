import { Aws, CfnParameter, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as cloudformation from "aws-cdk-lib/aws-cloudformation";
import * as config from "aws-cdk-lib/aws-config";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

export interface OrganizationStackProps extends StackProps {
  organizationId: string;
  prefix?: string;
  /** An AWS Config aggregator over the organization, for the delegated administrator account. */
  configAggregator?: boolean;
  /** The default of the Regions parameter: the regions whose asset buckets the app defines. */
  regions?: string[];
}

/**
 * Rolls keysentry out to an organization from the management (or delegated administrator)
 * account: a service-managed StackSet of the member stack with automatic deployment to new
 * accounts, and the organization-wide alert topic. The functions' code comes from one asset
 * bucket per region (AssetBucketStack), filled by `npm run publish-assets`.
 */
export class OrganizationStack extends Stack {
  readonly centralTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id, props);
    const prefix = props.prefix ?? "keysentry";
    const inOrganization = { StringEquals: { "aws:PrincipalOrgID": props.organizationId } };

    const key = new kms.Key(this, "CentralAlertsKey", {
      alias: `alias/${prefix}-central-alerts`,
      description: "Encrypts keysentry's organization-wide alert topic",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SNS calls KMS in the topic's own region for every publisher, wherever the publisher runs
    // (SNS Developer Guide, "Encryption at rest"): this stack's region is the topic's, not a member's.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowMemberAccountsToPublish",
        principals: [new iam.AnyPrincipal()],
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: ["*"],
        conditions: {
          ...inOrganization,
          StringLike: { "kms:ViaService": `sns.${Aws.REGION}.amazonaws.com` },
        },
      }),
    );
    this.centralTopic = new sns.Topic(this, "CentralAlerts", {
      topicName: `${prefix}-central-alerts`,
      masterKey: key,
      enforceSSL: true,
    });
    this.centralTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "MemberAccountsPublish",
        principals: [new iam.AnyPrincipal()],
        actions: ["sns:Publish"],
        resources: [this.centralTopic.topicArn],
        conditions: inOrganization,
      }),
    );

    // Where member stacks go is chosen at deployment, not baked into the template.
    const units = new CfnParameter(this, "OrganizationalUnitIds", {
      type: "CommaDelimitedList",
      description:
        "Organizational units (ou-... or the root r-...) whose accounts get keysentry, now and when they join",
    });
    const regions = new CfnParameter(this, "Regions", {
      type: "CommaDelimitedList",
      description: "Regions to deploy keysentry in; each needs its asset bucket (KeysentryAssets-<region>)",
      ...(props.regions?.length ? { default: props.regions.join(",") } : {}),
    });
    const templateUrl = new CfnParameter(this, "MemberTemplateUrl", {
      type: "String",
      description:
        "S3 URL of the StackSet member template in this region's asset bucket, as `npm run publish-assets` prints it",
    });
    new cloudformation.CfnStackSet(this, "MemberStackSet", {
      stackSetName: `${prefix}-member`,
      description: "keysentry in every member account",
      permissionModel: "SERVICE_MANAGED",
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ["CAPABILITY_NAMED_IAM"],
      callAs: "SELF",
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
      parameters: [{ parameterKey: "CentralTopicArn", parameterValue: this.centralTopic.topicArn }],
    });

    if (props.configAggregator) {
      const role = new iam.Role(this, "AggregatorRole", {
        assumedBy: new iam.ServicePrincipal("config.amazonaws.com"),
        managedPolicies: [
          iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSConfigRoleForOrganizations"),
        ],
      });
      Validations.of(role).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]",
        reason: "AWS Config organization aggregators require this AWS managed policy.",
      });
      new config.CfnConfigurationAggregator(this, "Aggregator", {
        configurationAggregatorName: `${prefix}-organization`,
        organizationAggregationSource: { roleArn: role.roleArn, allAwsRegions: true },
      });
    }
  }
}
