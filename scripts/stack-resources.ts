/** docs/deploy.md's "what this creates": the member stack's resources, read from its synthesized template. */
import { RULES } from "../shared/rules";
import { patternConditions } from "./event-sources";
import { code, table } from "./markdown";
import { refersTo, type TemplateNames, type TemplateResource } from "./member-template";

/** What each resource type is for; a type the stack starts creating needs a line here (the generator says so). */
const PURPOSE: Record<string, string> = {
  "AWS::Lambda::Function": "the functions (below)",
  "AWS::Lambda::Permission": "lets EventBridge and AWS Config invoke the functions",
  "AWS::Lambda::EventInvokeConfig": "sends failed asynchronous invocations to the dead-letter queue",
  "AWS::Logs::LogGroup": "the functions' logs",
  "AWS::IAM::Role":
    "the functions' roles, the remediation role, the audit role ([what each may do](#what-each-function-may-do))",
  "AWS::IAM::Policy": "the roles' permissions",
  "AWS::Events::Rule": "the event triggers and the sweep's schedule (below)",
  "AWS::Config::ConfigRule": "one custom rule per keysentry rule (below)",
  "AWS::CloudWatch::Alarm": "keysentry's own failures, to the alert topic (below)",
  "AWS::SNS::Topic": "alerts; subscribe people or tools to it",
  "AWS::SNS::TopicPolicy": "who may publish to the alert topic",
  "AWS::KMS::Key": "encrypts the alert topic; rotates, and keeps the account root in its policy",
  "AWS::KMS::Alias": "names the alert topic's key",
  "AWS::DynamoDB::GlobalTable": "de-duplication state: on demand, point-in-time recovery, TTL, encrypted",
  "AWS::SSM::Parameter": "the settings document the functions read",
  "AWS::SQS::Queue": "the dead-letter queue: events no function could handle",
  "AWS::SQS::QueuePolicy": "lets the EventBridge rules send to the dead-letter queue",
};

function resourceCounts(names: TemplateNames): string {
  const types = [...new Set(Object.values(names.resources).map((r) => r.Type))].sort();
  return table(
    ["resource type", "count", "for", "names"],
    types.map((type) => {
      const purpose = PURPOSE[type];
      if (!purpose) throw new Error(`scripts/stack-resources.ts does not say what ${type} is for`);
      const resources = names.ofType(type);
      // An unnamed resource would show its logical id, which says nothing to a reader; rules have tables of their own.
      const named = resources
        .map(([id]) => names.name(id))
        .filter((name) => !resources.some(([id]) => id === name));
      const shown = type === "AWS::Config::ConfigRule" || type === "AWS::Events::Rule" ? [] : named;
      return [code(type), String(resources.length), purpose, shown.map(code).join(", ")];
    }),
  );
}

function triggersOf(names: TemplateNames, functionId: string): string[] {
  const rules = names
    .ofType("AWS::Events::Rule")
    .filter(([, rule]) => targets(rule).some((arn) => refersTo(arn, functionId)))
    .map(([id]) => `EventBridge ${code(names.name(id))}`);
  const configRules = configRuleProperties(names).filter((rule) =>
    refersTo(rule.Source.SourceIdentifier, functionId),
  );
  return configRules.length > 0 ? [...rules, `the ${configRules.length} Config rules`] : rules;
}

function targets(rule: TemplateResource): unknown[] {
  return ((rule.Properties?.Targets ?? []) as { Arn: unknown }[]).map((target) => target.Arn);
}

function functions(names: TemplateNames): string {
  return table(
    ["function", "runtime", "memory", "timeout", "reserved concurrency", "triggered by"],
    names.ofType("AWS::Lambda::Function").map(([id, fn]) => {
      const p = fn.Properties ?? {};
      return [
        code(names.name(id)),
        `${p.Runtime}, ${(p.Architectures as string[] | undefined)?.join(", ") ?? "x86_64"}`,
        `${p.MemorySize} MB`,
        `${p.Timeout} s`,
        p.ReservedConcurrentExecutions === undefined ? "none" : String(p.ReservedConcurrentExecutions),
        triggersOf(names, id).join("<br>"),
      ];
    }),
  );
}

function eventRules(names: TemplateNames): string {
  return table(
    ["EventBridge rule", "matches", "target"],
    names.ofType("AWS::Events::Rule").map(([id, rule]) => {
      const p = rule.Properties ?? {};
      const matches = p.EventPattern
        ? patternConditions(p.EventPattern as Record<string, unknown>).join("<br>")
        : `schedule ${code(String(p.ScheduleExpression))}`;
      return [
        code(names.name(id)),
        matches,
        targets(rule)
          .map((arn) => code(names.value(arn)))
          .join(", "),
      ];
    }),
  );
}

interface ConfigRuleProperties {
  ConfigRuleName: string;
  Scope?: { ComplianceResourceTypes?: string[] };
  Source: {
    SourceIdentifier?: unknown;
    SourceDetails: { MessageType: string; MaximumExecutionFrequency?: string }[];
  };
}

function isChangeTriggered(rule: ConfigRuleProperties): boolean {
  return rule.Source.SourceDetails.some((d) => d.MessageType === "ConfigurationItemChangeNotification");
}

function configRuleProperties(names: TemplateNames): ConfigRuleProperties[] {
  return names
    .ofType("AWS::Config::ConfigRule")
    .map(([, r]) => r.Properties as unknown as ConfigRuleProperties);
}

function configRules(names: TemplateNames): string {
  return table(
    ["Config rule", "resource type", "evaluated"],
    configRuleProperties(names).map((rule) => {
      const registered = RULES.find((r) => rule.ConfigRuleName.endsWith(`-${r.id}`));
      if (!registered) throw new Error(`Config rule ${rule.ConfigRuleName} is no registered rule`);
      const periodic = rule.Source.SourceDetails.find((d) => d.MessageType === "ScheduledNotification");
      const when = [
        ...(isChangeTriggered(rule) ? ["when the resource changes"] : []),
        ...(periodic ? [`periodically (${periodic.MaximumExecutionFrequency})`] : []),
      ];
      return [code(rule.ConfigRuleName), code(registered.resourceType), when.join(", ")];
    }),
  );
}

/** The resource types AWS Config must record: those of the rules it invokes when a resource changes. */
export function recordedResourceTypes(names: TemplateNames): string[] {
  const types = configRuleProperties(names)
    .filter(isChangeTriggered)
    .flatMap((rule) => rule.Scope?.ComplianceResourceTypes ?? []);
  return [...new Set(types)].sort();
}

function alarms(names: TemplateNames): string {
  return table(
    ["alarm", "metric", "threshold"],
    names.ofType("AWS::CloudWatch::Alarm").map(([, alarm]) => {
      const p = alarm.Properties ?? {};
      return [
        names.value(p.AlarmDescription),
        `${code(`${p.Namespace} ${p.MetricName}`)} (${p.Statistic}, ${p.Period} s)`,
        `${p.ComparisonOperator} ${p.Threshold} for ${p.EvaluationPeriods} period(s)${p.TreatMissingData === "breaching" ? ", missing data breaches" : ""}`,
      ];
    }),
  );
}

function retained(names: TemplateNames): string {
  const kept = Object.entries(names.resources)
    .filter(([, r]) => r.DeletionPolicy === "Retain")
    .map(([id, r]) => `${code(names.name(id))} (${code(r.Type)})`);
  return kept.length === 0 ? "Nothing is retained." : `Kept when the stack is deleted: ${kept.join(", ")}.`;
}

/** The section's Markdown: counts by type, then functions, EventBridge rules, Config rules with the recording they need, alarms. */
export function stackResourcesMarkdown(names: TemplateNames): string {
  const recorded = recordedResourceTypes(names).map(code).join(", ");
  return [
    resourceCounts(names),
    "",
    functions(names),
    "",
    eventRules(names),
    "",
    configRules(names),
    "",
    `AWS Config must record ${recorded} in each account and region: the rules evaluated when a resource changes receive only the changes Config records.`,
    "",
    alarms(names),
    "",
    retained(names),
  ].join("\n");
}
