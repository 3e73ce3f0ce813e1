import { Aws, CfnParameter, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as cloudformation from "aws-cdk-lib/aws-cloudformation";
import * as config from "aws-cdk-lib/aws-config";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

export interface OrganizationStackProps extends StackProps {
  organizationId: string;
  prefix?: string;
  /** An AWS Config aggregator over the organization, for the delegated administrator account. */
  configAggregator?: boolean;
}

/**
 * Rolls keysentry out to an organization from the management (or delegated administrator)
 * account: a service-managed StackSet of the member stack with automatic deployment to new
 * accounts, the organization-wide alert topic, and a bucket member accounts read the
 * functions' code from.
 */
export class OrganizationStack extends Stack {
  readonly centralTopic: sns.Topic;
  readonly assetBucket: s3.Bucket;

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

    const accessLogs = new s3.Bucket(this, "AssetAccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This bucket holds the asset bucket's access logs; logging it again would recurse.",
    });
    this.assetBucket = new s3.Bucket(this, "Assets", {
      bucketName: `${prefix}-assets-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Lambda in member accounts fetches the functions' code with the deploying role's rights.
    this.assetBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "MemberAccountsReadFunctionCode",
        principals: [new iam.AnyPrincipal()],
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [this.assetBucket.arnForObjects("*")],
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
      description: "Regions to deploy keysentry in",
    });
    const templateUrl = new CfnParameter(this, "MemberTemplateUrl", {
      type: "String",
      description:
        "S3 URL of the synthesized member template (cdk.out/KeysentryStackSetMember.template.json), uploaded with its assets by docs/deploy.md's steps",
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
