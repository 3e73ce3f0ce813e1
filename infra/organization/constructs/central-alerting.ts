import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { resourceScope } from "../../resource-scope";

export interface CentralAlertingProps {
  prefix: string;
  organizationId: string;
}

/** The organization-wide alert topic and its key, which every account of the organization may publish with. */
export class CentralAlerting extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: CentralAlertingProps) {
    super(scope, id);
    const stack = resourceScope(this);
    const inOrganization = { StringEquals: { "aws:PrincipalOrgID": props.organizationId } };
    const key = new kms.Key(stack, "CentralAlertsKey", {
      alias: `alias/${props.prefix}-central-alerts`,
      description: "Encrypts keysentry's organization-wide alert topic",
      enableKeyRotation: true,
      // As the members' alerts key: it protects only messages in transit through the topic, which
      // goes with the stack; 7 days is the shortest waiting period (KMS API Reference, ScheduleKeyDeletion).
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
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
    this.topic = new sns.Topic(stack, "CentralAlerts", {
      topicName: `${props.prefix}-central-alerts`,
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "MemberAccountsPublish",
        principals: [new iam.AnyPrincipal()],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: inOrganization,
      }),
    );
  }
}
