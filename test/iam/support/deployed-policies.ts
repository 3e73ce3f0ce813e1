/**
 * The IAM of one synthesized member stack instance, resolved for an account and region: each
 * role's identity policies and trust policy, and the resource policies the stack puts on its
 * topic, its key and its functions.
 */
import { type Resource, type Template, TemplateResolver } from "../../infra/support/cloudformation";

export interface PolicyDocument {
  Version?: string;
  Statement: Statement[];
}
export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface ConfigRule {
  name: string;
  parameters: Record<string, string>;
  periodic: boolean;
  /** The resource types whose changes invoke it. */
  changedTypes: string[];
}

export interface DeployedRole {
  logicalId: string;
  arn: string;
  name: string;
  /** Inline and attached policies, each by name. */
  identityPolicies: { name: string; policy: PolicyDocument }[];
  trustPolicy: PolicyDocument;
}

/**
 * AWS managed policies the stack attaches, as AWS publishes them (AWS Managed Policy Reference
 * Guide, "AWSLambdaBasicExecutionRole"): any other one fails the test until it is written here.
 */
const MANAGED_POLICIES: Record<string, PolicyDocument> = {
  "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "*",
      },
    ],
  },
};

export const actionsOf = (statement: Statement): string[] =>
  statement.Action === undefined ? [] : [statement.Action].flat();

export class DeployedPolicies {
  readonly resolver: TemplateResolver;

  constructor(
    readonly template: Template,
    readonly place: { account: string; region: string },
  ) {
    this.resolver = new TemplateResolver(template, place);
  }

  private ofType(type: string): [string, Resource][] {
    return Object.entries(this.template.Resources).filter(([, r]) => r.Type === type);
  }

  private document(value: unknown): PolicyDocument {
    return this.resolver.value(value) as PolicyDocument;
  }

  roles(): DeployedRole[] {
    return this.ofType("AWS::IAM::Role").map(([logicalId, role]) => {
      const props = role.Properties ?? {};
      const attached = this.ofType("AWS::IAM::Policy")
        .filter(([, p]) =>
          ((p.Properties?.Roles ?? []) as { Ref?: string }[]).some((r) => r.Ref === logicalId),
        )
        .map(([id, p]) => ({ name: id, policy: this.document(p.Properties?.PolicyDocument) }));
      const inline = ((props.Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[]).map(
        (p) => ({ name: p.PolicyName, policy: this.document(p.PolicyDocument) }),
      );
      const managed = ((props.ManagedPolicyArns ?? []) as unknown[]).map((value) => {
        const arn = this.resolver.string(value);
        const policy = MANAGED_POLICIES[arn];
        if (!policy) throw new Error(`${logicalId} attaches ${arn}, whose document this test does not hold`);
        return { name: arn, policy };
      });
      return {
        logicalId,
        arn: this.resolver.arn(logicalId),
        name: this.resolver.physicalName(logicalId),
        identityPolicies: [...attached, ...inline, ...managed],
        trustPolicy: this.document(props.AssumeRolePolicyDocument),
      };
    });
  }

  role(arn: string): DeployedRole {
    const role = this.roles().find((r) => r.arn === arn);
    if (!role) throw new Error(`the stack has no role ${arn}`);
    return role;
  }

  /** Each function's name, ARN, role ARN and environment. */
  functions(): { name: string; arn: string; roleArn: string; environment: Record<string, string> }[] {
    return this.ofType("AWS::Lambda::Function").map(([logicalId, fn]) => ({
      name: this.resolver.string(fn.Properties?.FunctionName),
      arn: this.resolver.arn(logicalId),
      roleArn: this.resolver.string(fn.Properties?.Role),
      environment: this.resolver.value(
        (fn.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
      ) as Record<string, string>,
    }));
  }

  /** The topic policy of the stack's topic with this ARN, if it has one. */
  topicPolicy(topicArn: string): PolicyDocument | undefined {
    const [, policy] =
      this.ofType("AWS::SNS::TopicPolicy").find(([, p]) =>
        ((p.Properties?.Topics ?? []) as unknown[]).some((t) => this.resolver.string(t) === topicArn),
      ) ?? [];
    return policy && this.document(policy.Properties?.PolicyDocument);
  }

  /** The key of the stack's topic with this ARN: its ARN and key policy. */
  topicKey(topicArn: string): { arn: string; policy: PolicyDocument } | undefined {
    const [, topic] = this.ofType("AWS::SNS::Topic").find(([id]) => this.resolver.ref(id) === topicArn) ?? [];
    const keyRef = topic?.Properties?.KmsMasterKeyId as { "Fn::GetAtt"?: [string, string] } | undefined;
    const keyId = keyRef?.["Fn::GetAtt"]?.[0];
    if (!keyId) return undefined;
    return {
      arn: this.resolver.arn(keyId),
      policy: this.document(this.template.Resources[keyId]?.Properties?.KeyPolicy),
    };
  }

  /** The function's resource policy: its AWS::Lambda::Permission resources as the statements Lambda makes of them. */
  functionPolicy(functionArn: string): PolicyDocument {
    const statements = this.ofType("AWS::Lambda::Permission")
      .filter(([, p]) => this.resolver.string(p.Properties?.FunctionName) === functionArn)
      .map(([, p]): Statement => {
        const props = p.Properties ?? {};
        const condition: Record<string, Record<string, unknown>> = {};
        if (props.SourceArn) condition.ArnLike = { "aws:SourceArn": this.resolver.string(props.SourceArn) };
        if (props.SourceAccount)
          condition.StringEquals = { "aws:SourceAccount": this.resolver.string(props.SourceAccount) };
        return {
          Effect: "Allow",
          Principal: { Service: this.resolver.string(props.Principal) },
          Action: this.resolver.string(props.Action),
          Resource: functionArn,
          ...(Object.keys(condition).length ? { Condition: condition } : {}),
        };
      });
    return { Version: "2012-10-17", Statement: statements };
  }

  /** The dead-letter queue's ARN: where Lambda sends failed asynchronous invocations. */
  queueArn(): string {
    const queues = this.ofType("AWS::SQS::Queue");
    if (queues.length !== 1) throw new Error(`expected one queue, found ${queues.length}`);
    return this.resolver.arn(queues[0]![0]);
  }

  /** Every EventBridge rule with the ARNs of the functions it targets. */
  eventRules(): { arn: string; targets: string[] }[] {
    return this.ofType("AWS::Events::Rule").map(([id, rule]) => ({
      arn: this.resolver.arn(id),
      targets: ((rule.Properties?.Targets ?? []) as { Arn: unknown }[])
        .map((t) => this.resolver.string(t.Arn))
        .filter((arn) => arn.includes(":lambda:")),
    }));
  }

  /** Every CloudWatch alarm's ARN and the topics it notifies. */
  alarms(): { arn: string; topics: string[] }[] {
    return this.ofType("AWS::CloudWatch::Alarm").map(([id, alarm]) => ({
      arn: this.resolver.arn(id),
      topics: ((alarm.Properties?.AlarmActions ?? []) as unknown[]).map((a) => this.resolver.string(a)),
    }));
  }

  /** Every Config rule the stack deploys: its name, parameters, and when Config invokes it. */
  configRules(): ConfigRule[] {
    return this.ofType("AWS::Config::ConfigRule").map(([, rule]) => {
      const props = rule.Properties ?? {};
      const messages = (
        (props.Source as { SourceDetails?: { MessageType: string }[] }).SourceDetails ?? []
      ).map((d) => d.MessageType);
      return {
        name: this.resolver.string(props.ConfigRuleName),
        parameters: (this.resolver.value(props.InputParameters) ?? {}) as Record<string, string>,
        periodic: messages.includes("ScheduledNotification"),
        changedTypes: messages.includes("ConfigurationItemChangeNotification")
          ? ((props.Scope as { ComplianceResourceTypes?: string[] } | undefined)?.ComplianceResourceTypes ??
            [])
          : [],
      };
    });
  }
}
