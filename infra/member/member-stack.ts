import {
  Aws,
  CfnParameter,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as config from "aws-cdk-lib/aws-config";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as ssm from "aws-cdk-lib/aws-ssm";
import type { Construct } from "constructs";
import { RULES } from "../../shared/rules";
import { type Settings, selectRules } from "../../shared/settings";
import { remediationRoleName } from "../global-names";
import { EVENT_PATTERNS, type PatternName } from "./event-patterns";
import { keysentryFunction } from "./functions";
import { READ_ACTIONS, REMEDIATION_ACTIONS } from "./permissions";

export interface MemberStackProps extends StackProps {
  settings: Settings;
  /** The settings document as written, stored in the SSM parameter the functions read. */
  settingsDocument: string;
  /** Names functions, roles, rules and resources: `<prefix>-kms-events`, `<prefix>-kms-rotation-enabled`. */
  prefix?: string;
  /**
   * An organization-wide topic the member also publishes to (its policy allows aws:PrincipalOrgID):
   * an ARN, or "parameter" for a CentralTopicArn stack parameter (StackSet instances).
   */
  centralTopicArn?: string;
}

/** keysentry in one account and region: functions, triggers, Config rules, sweep, alerts, state. */
export class MemberStack extends Stack {
  readonly topic: sns.Topic;
  readonly functions: Record<"kmsEvents" | "acmEvents" | "configRule" | "sweep", lambda.Function>;

  constructor(scope: Construct, id: string, props: MemberStackProps) {
    super(scope, id, props);
    const prefix = props.prefix ?? "keysentry";
    const { settings } = props;

    const key = new kms.Key(this, "AlertsKey", {
      alias: `alias/${prefix}-alerts`,
      description: "Encrypts keysentry's alert topic",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the encrypted topic; only this account's alarms may use the key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    this.topic = new sns.Topic(this, "Alerts", {
      topicName: `${prefix}-alerts`,
      masterKey: key,
      enforceSSL: true,
    });

    const table = new dynamodb.TableV2(this, "State", {
      tableName: `${prefix}-state`,
      partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: "expiresAt",
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const parameter = new ssm.StringParameter(this, "Settings", {
      parameterName: `/${prefix}/settings`,
      description: "keysentry settings document (docs/configuration.md)",
      stringValue: props.settingsDocument,
      tier: ssm.ParameterTier.ADVANCED,
    });

    const deadLetters = new sqs.Queue(this, "DeadLetters", {
      queueName: `${prefix}-dead-letters`,
      // SQS-managed encryption: senders need no key grants (EventBridge, Lambda destinations).
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const centralTopicArn =
      props.centralTopicArn === "parameter"
        ? new CfnParameter(this, "CentralTopicArn", {
            type: "String",
            default: "",
            description: "Organization-wide alert topic (optional)",
          }).valueAsString
        : props.centralTopicArn;
    const environment = {
      KEYSENTRY_SETTINGS_PARAMETER: parameter.parameterName,
      KEYSENTRY_STATE_TABLE: table.tableName,
      KEYSENTRY_ALERT_TOPIC_ARN: this.topic.topicArn,
      ...(centralTopicArn ? { KEYSENTRY_CENTRAL_TOPIC_ARN: centralTopicArn } : {}),
    };
    const sweepHours = settings.sweep.everyHours;
    // A known name keeps the functions and the role that trusts them free of a dependency cycle.
    const remediating = {
      ...environment,
      KEYSENTRY_REMEDIATION_ROLE_ARN: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${remediationRoleName(prefix)}`,
    };
    this.functions = {
      kmsEvents: keysentryFunction(this, prefix, {
        name: "kms-events",
        description: "KMS API calls and KMS events: fresh evaluation, alerts, tickets, verified remediation",
        environment: remediating,
        timeout: Duration.seconds(60),
        reservedConcurrency: 20,
      }),
      acmEvents: keysentryFunction(this, prefix, {
        name: "acm-events",
        description: "ACM and AWS Health events for ACM: fresh evaluation, alerts, tickets",
        environment,
        timeout: Duration.seconds(60),
        reservedConcurrency: 10,
      }),
      configRule: keysentryFunction(this, prefix, {
        name: "config-rule",
        description: "Every keysentry AWS Config custom rule",
        environment,
        timeout: Duration.minutes(15),
        reservedConcurrency: 10,
      }),
      sweep: keysentryFunction(this, prefix, {
        name: "sweep",
        description: `Scheduled sweep every ${sweepHours} h: every key and certificate, capped remediation, one digest`,
        environment: remediating,
        timeout: Duration.minutes(15),
        memorySize: 1024,
        reservedConcurrency: 1,
      }),
    };

    for (const fn of Object.values(this.functions)) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({ sid: "ReadKeysAndCertificates", actions: READ_ACTIONS, resources: ["*"] }),
      );
      parameter.grantRead(fn);
      table.grant(fn, "dynamodb:GetItem", "dynamodb:PutItem");
      // Publishing to an encrypted topic needs the key for data keys only (SNS Developer Guide, "Encryption at rest").
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "PublishAlerts",
          actions: ["sns:Publish"],
          resources: [this.topic.topicArn],
        }),
      );
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "AlertTopicKey",
          actions: ["kms:GenerateDataKey", "kms:Decrypt"],
          resources: [key.keyArn],
        }),
      );
      fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new destinations.SqsDestination(deadLetters) });
    }
    if (centralTopicArn) this.allowCentralAlerts(centralTopicArn, props.centralTopicArn === "parameter");
    // Secrets Manager appends six random characters to a secret's name in its ARN.
    for (const secretId of [
      settings.alerts.slack?.webhookSecretId,
      settings.tickets.jira?.tokenSecretId,
    ].filter((s): s is string => !!s)) {
      for (const fn of Object.values(this.functions)) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ["secretsmanager:GetSecretValue"],
            resources: [
              `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretId}-??????`,
            ],
          }),
        );
      }
    }
    if (settings.tickets.opsCenter) {
      for (const fn of Object.values(this.functions))
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            sid: "OpsCenterTickets",
            // Open, find (by the finding's ticket key) and resolve OpsItems; none of these can be scoped to a resource.
            actions: ["ssm:CreateOpsItem", "ssm:DescribeOpsItems", "ssm:UpdateOpsItem"],
            resources: ["*"],
          }),
        );
    }
    const remediationRole = new iam.Role(this, "RemediationRole", {
      roleName: remediationRoleName(prefix),
      description:
        "The only keysentry role that changes keys; CloudTrail records of its calls are ignored (loop guard)",
      // Events remediate one key at a time; the sweep fixes what was broken before, within its cap.
      assumedBy: new iam.CompositePrincipal(this.functions.kmsEvents.role!, this.functions.sweep.role!),
    });
    remediationRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "VerifiedRemediationsInThisAccount",
        actions: REMEDIATION_ACTIONS,
        resources: [`arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:key/*`],
        conditions: { StringEquals: { "aws:ResourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    for (const fn of [this.functions.kmsEvents, this.functions.sweep]) {
      remediationRole.grantAssumeRole(fn.role!);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "PriorKeyState",
          actions: ["config:GetResourceConfigHistory", "cloudtrail:LookupEvents"],
          resources: ["*"],
        }),
      );
    }
    acknowledge(this, deadLetters, remediationRole);
    this.functions.configRule.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReportEvaluations",
        actions: ["config:PutEvaluations", "config:GetComplianceDetailsByConfigRule"],
        resources: ["*"],
      }),
    );
    this.functions.sweep.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ContinueLongSweeps",
        actions: ["lambda:InvokeFunction"],
        resources: [`arn:${Aws.PARTITION}:lambda:${Aws.REGION}:${Aws.ACCOUNT_ID}:function:${prefix}-sweep`],
      }),
    );

    const triggers: Record<PatternName, lambda.Function> = {
      kmsApiCalls: this.functions.kmsEvents,
      kmsNative: this.functions.kmsEvents,
      acm: this.functions.acmEvents,
      acmHealth: this.functions.acmEvents,
    };
    for (const [name, fn] of Object.entries(triggers) as [PatternName, lambda.Function][]) {
      new events.Rule(this, `${name}Rule`, {
        ruleName: `${prefix}-${name}`,
        eventPattern: EVENT_PATTERNS[name] as unknown as events.EventPattern,
        targets: [
          new targets.LambdaFunction(fn, {
            deadLetterQueue: deadLetters,
            retryAttempts: 4,
            maxEventAge: Duration.hours(2),
          }),
        ],
      });
    }
    new events.Rule(this, "SweepSchedule", {
      ruleName: `${prefix}-sweep`,
      schedule: events.Schedule.rate(Duration.hours(sweepHours)),
      targets: [
        new targets.LambdaFunction(this.functions.sweep, { deadLetterQueue: deadLetters, retryAttempts: 2 }),
      ],
    });

    const selections = new Map(selectRules(settings).map((s) => [s.rule.id, s]));
    for (const rule of RULES) {
      const selection = selections.get(rule.id);
      if (!selection) continue;
      const parameters = Object.fromEntries(
        Object.entries(selection.params as Record<string, unknown>).map(([k, v]) => [
          k,
          typeof v === "string" ? v : JSON.stringify(v),
        ]),
      );
      new config.CustomRule(this, `Rule-${rule.id}`, {
        configRuleName: `${prefix}-${rule.id}`,
        description: `${rule.title}.`,
        lambdaFunction: this.functions.configRule,
        configurationChanges: rule.evaluatedOn.includes("change"),
        periodic: rule.evaluatedOn.includes("schedule"),
        maximumExecutionFrequency: config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
        ruleScope: rule.evaluatedOn.includes("change")
          ? config.RuleScope.fromResources([config.ResourceType.of(rule.resourceType)])
          : undefined,
        inputParameters: parameters,
      });
    }

    const alarm = new actions.SnsAction(this.topic);
    for (const [name, fn] of Object.entries(this.functions)) {
      fn.metricErrors({ period: Duration.minutes(5) })
        .createAlarm(this, `${name}Errors`, {
          threshold: 1,
          evaluationPeriods: 1,
          alarmDescription: `${fn.functionName} failed`,
        })
        .addAlarmAction(alarm);
      fn.metricThrottles({ period: Duration.minutes(5) })
        .createAlarm(this, `${name}Throttles`, {
          threshold: 1,
          evaluationPeriods: 1,
          alarmDescription: `${fn.functionName} was throttled`,
        })
        .addAlarmAction(alarm);
    }
    deadLetters
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, "DeadLettersNotEmpty", {
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: "Events keysentry could not handle are waiting",
      })
      .addAlarmAction(alarm);
    new cloudwatch.Metric({
      namespace: "keysentry",
      metricName: "SweepCompleted",
      dimensionsMap: { service: "keysentry" },
      statistic: "Sum",
      period: Duration.hours(sweepHours),
    })
      .createAlarm(this, "SweepNotCompleted", {
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        alarmDescription: "The sweep has not completed in two periods",
      })
      .addAlarmAction(alarm);
  }

  /**
   * Lets every function publish to the organization's topic, which may live in another region
   * than this stack: its key's region and account are read from the topic ARN, never this
   * stack's, and the key may be used through that region's SNS only.
   */
  private allowCentralAlerts(topicArn: string, fromParameter: boolean): void {
    // arn:partition:sns:region:account:name
    const part = (index: number) =>
      fromParameter ? Fn.select(index, Fn.split(":", topicArn)) : (topicArn.split(":")[index] ?? "");
    const [region, account] = [part(3), part(4)];
    const [regionInNag, accountInNag] = [3, 4].map((index) =>
      fromParameter ? `{"Fn::Select":[${index},{"Fn::Split":[":",{"Ref":"CentralTopicArn"}]}]}` : part(index),
    );
    for (const fn of Object.values(this.functions)) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "PublishCentralAlerts",
          actions: ["sns:Publish"],
          resources: [topicArn],
        }),
      );
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "CentralAlertsKey",
          actions: ["kms:GenerateDataKey", "kms:Decrypt"],
          resources: [`arn:${Aws.PARTITION}:kms:${region}:${account}:key/*`],
          conditions: { StringEquals: { "kms:ViaService": `sns.${region}.amazonaws.com` } },
        }),
      );
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${regionInNag}:${accountInNag}:key/*]`,
        reason:
          "The central topic's key id is not known to member accounts; the grant is limited to the keys of the topic's account and region, used through SNS only (kms:ViaService).",
      });
    }
  }
}

/** Each acknowledged cdk-nag finding, with the reason it stands. */
function acknowledge(stack: MemberStack, deadLetters: sqs.Queue, remediationRole: iam.Role) {
  Validations.of(remediationRole).acknowledge({
    id: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]",
    reason:
      "Remediation may act on any customer key of this account, and only of this account (aws:ResourceAccount condition); the actions are EnableKeyRotation, CancelKeyDeletion, EnableKey and reads.",
  });
  Validations.of(stack.functions.configRule).acknowledge({
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRulesExecutionRole]",
    reason:
      "AWS Config custom rules need the managed execution policy that lets the function report to Config.",
  });
  Validations.of(deadLetters).acknowledge({
    id: "AwsSolutions-SQS3",
    reason: "This queue is the dead-letter queue of every trigger and function.",
  });
  for (const fn of Object.values(stack.functions)) {
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason: "The basic execution role only lets the function write its own CloudWatch Logs.",
    });
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "KMS and ACM List calls cannot be scoped to resources, and keysentry reads every key and certificate of the account by design; every action granted on * is a List, Describe or Get (tested), plus config:PutEvaluations, which takes no resource.",
    });
  }
}
