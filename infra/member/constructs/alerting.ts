import { Aws, CfnCondition, CfnParameter, Duration, Fn, RemovalPolicy, Tags, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct, type IConstruct } from "constructs";
import type { Settings } from "../../../shared/settings";
import { onlyWhere } from "../../conditions";
import { resourceScope } from "../../resource-scope";

export interface AlertingProps {
  prefix: string;
  /**
   * An organization-wide topic the member also publishes to (its policy allows aws:PrincipalOrgID):
   * an ARN, or "parameter" for a CentralTopicArn stack parameter (StackSet instances).
   */
  centralTopicArn?: string;
  /** The exemption tag names the functions read (settings `exemptionTags`). */
  exemptionTags: Settings["exemptionTags"];
}

/** The account's encrypted alert topic, the organization's topic when there is one, and who may publish to them. */
export class Alerting extends Construct {
  readonly key: kms.Key;
  readonly topic: sns.Topic;
  private readonly centralTopicArn?: string;
  private readonly centralFromParameter: boolean;
  /** Where the CentralTopicArn parameter is not blank: what serves the central topic exists only there. */
  private readonly hasCentralTopic?: CfnCondition;
  private readonly centralPolicies = new Map<lambda.Function, iam.Policy>();

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    const stack = resourceScope(this);
    this.key = new kms.Key(stack, "AlertsKey", {
      alias: `alias/${props.prefix}-alerts`,
      description: "Encrypts keysentry's alert topic",
      enableKeyRotation: true,
      // It protects only messages in transit through the topic, which goes with the stack: a
      // retained key would cost its monthly fee for nothing after every delete (an account that
      // leaves the StackSet's units). Deleted after the shortest waiting period (7 to 30 days: KMS
      // API Reference, ScheduleKeyDeletion; CloudFormation's AWS::KMS::Key PendingWindowInDays), in
      // which a mistaken delete can still be undone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // Once its stack is deleted the key waits out its deletion: a stack deployed again within those
    // days neither alerts on it nor, with remediation on, cancels it (kms-not-pending-deletion).
    Tags.of(this.key).add(props.exemptionTags.tag, "kms-not-pending-deletion");
    Tags.of(this.key).add(props.exemptionTags.reasonTag, "keysentry alerts key - deleted with its stack");
    // CloudWatch alarms publish to the encrypted topic; only this account's alarms may use the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    this.topic = new sns.Topic(stack, "Alerts", {
      topicName: `${props.prefix}-alerts`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // The topic policy replaces SNS's default one, which let the account's services publish: without
    // this statement every alarm's notification is refused. Only this account's alarms may
    // (SNS Developer Guide, "Amazon SNS access control case examples": aws:SourceArn, aws:SourceAccount).
    // The functions publish with their roles (grantPublish): within one account an identity policy
    // allow suffices (IAM User Guide, "Policy evaluation logic").
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
          ArnLike: {
            "aws:SourceArn": `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    this.centralFromParameter = props.centralTopicArn === "parameter";
    if (this.centralFromParameter) {
      const parameter = new CfnParameter(stack, "CentralTopicArn", {
        type: "String",
        default: "",
        // Blank, or an SNS topic ARN: the functions' grants take its region and account from it.
        allowedPattern: "^(arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?)?$",
        constraintDescription: "blank, or the ARN of an SNS topic",
        description: "Organization-wide alert topic (optional)",
      });
      this.hasCentralTopic = new CfnCondition(stack, "HasCentralTopic", {
        expression: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, "")),
      });
      this.centralTopicArn = parameter.valueAsString;
    } else this.centralTopicArn = props.centralTopicArn;
  }

  /** The functions' environment for alerting: the topics they publish to (none for a blank parameter). */
  get environment(): Record<string, string> {
    const central = this.hasCentralTopic
      ? Fn.conditionIf(this.hasCentralTopic.logicalId, this.centralTopicArn, Aws.NO_VALUE).toString()
      : this.centralTopicArn;
    return {
      KEYSENTRY_ALERT_TOPIC_ARN: this.topic.topicArn,
      ...(central ? { KEYSENTRY_CENTRAL_TOPIC_ARN: central } : {}),
    };
  }

  /** Lets a function publish to the account's topic. */
  grantPublish(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "PublishAlerts",
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
      }),
    );
    // Publishing to an encrypted topic needs the key for data keys only (SNS Developer Guide, "Encryption at rest").
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "AlertTopicKey",
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: [this.key.keyArn],
      }),
    );
  }

  /**
   * Lets a function publish to the organization's topic, if there is one. That topic may live in
   * another region than this stack: its key's region and account are read from the topic ARN,
   * never this stack's, and the key may be used through that region's SNS only.
   */
  grantCentralPublish(fn: lambda.Function): void {
    const topicArn = this.centralTopicArn;
    if (!topicArn) return;
    // arn:partition:sns:region:account:name
    const part = (index: number) =>
      this.centralFromParameter
        ? Fn.select(index, Fn.split(":", topicArn))
        : (topicArn.split(":")[index] ?? "");
    const [region, account] = [part(3), part(4)];
    const [regionInNag, accountInNag] = [3, 4].map((index) =>
      this.centralFromParameter
        ? `{"Fn::Select":[${index},{"Fn::Split":[":",{"Ref":"CentralTopicArn"}]}]}`
        : part(index),
    );
    const centralKeyAcknowledgement = {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${regionInNag}:${accountInNag}:key/*]`,
      reason:
        "The central topic's key id is not known to member accounts; the grant is limited to the keys of the topic's account and region, used through SNS only (kms:ViaService).",
    };
    const statements = [
      new iam.PolicyStatement({
        sid: "PublishCentralAlerts",
        actions: ["sns:Publish"],
        resources: [topicArn],
      }),
      new iam.PolicyStatement({
        sid: "CentralAlertsKey",
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: [`arn:${Aws.PARTITION}:kms:${region}:${account}:key/*`],
        conditions: { StringEquals: { "kms:ViaService": `sns.${region}.amazonaws.com` } },
      }),
    ];
    if (this.hasCentralTopic) {
      // A policy of its own that exists only with a topic: a blank parameter would leave these
      // statements an empty resource, and the Fn::Select of its region nothing to select. It is not
      // under the function, whose dependents (Config rules) would otherwise depend on it too, and
      // so not be created without a central topic (Template Reference, "Condition attribute").
      const policy = new iam.Policy(resourceScope(this), `${fn.node.id}CentralAlerts`, {
        statements,
        roles: [fn.role!],
      });
      onlyWhere(this.hasCentralTopic, policy);
      this.centralPolicies.set(fn, policy);
      Validations.of(policy).acknowledge(centralKeyAcknowledgement);
    } else {
      for (const statement of statements) fn.addToRolePolicy(statement);
      Validations.of(fn).acknowledge(centralKeyAcknowledgement);
    }
  }

  /** The resources that grant `fn` the central topic, where they are not part of the function. */
  centralGrantOf(fn: lambda.Function): IConstruct[] {
    const policy = this.centralPolicies.get(fn);
    return policy ? [policy] : [];
  }
}
