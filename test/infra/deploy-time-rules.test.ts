/**
 * What AWS checks when the stacks are created, checked on the synthesized templates before they
 * get there: a brand-new account (a Lambda concurrency quota of 10, no AWS Config recorder), an
 * account the stack is deployed to again after a delete, and every optional parameter left blank.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eventSourceOf } from "../../shared/events";
import { type Parameter, type Resource, type Template, TemplateResolver } from "./support/cloudformation";
import { synthesize } from "./support/synthesized";

const MEMBER_STACKS = ["KeysentryMember", "KeysentryStackSetMember"] as const;
const REGIONS = ["us-east-1", "eu-west-1"];
const EVERY_STACK = [
  ...MEMBER_STACKS,
  "KeysentryOrganization",
  ...REGIONS.map((r) => `KeysentryAssets-${r}`),
];
const INSTANCE = { account: "222233334444", region: "eu-west-1" };
/** Values for the parameters that have no default: a deployment must give them. */
const REQUIRED = {
  OrganizationalUnitIds: "ou-abcd-11111111",
  MemberTemplateUrl:
    "https://keysentry-assets-111111111111-eu-west-1.s3.eu-west-1.amazonaws.com/member/t.json",
};

/** The example settings with some sections replaced, as a settings file. */
function settingsWith(sections: object): string {
  const document = JSON.parse(readFileSync("examples/settings.json", "utf8")) as object;
  const path = join(mkdtempSync(join(tmpdir(), "keysentry-settings-")), "settings.json");
  writeFileSync(path, JSON.stringify({ ...document, ...sections }));
  return path;
}

let byDefault: (stack: string) => Template;
let reserving: (stack: string) => Template;
let withoutConfigRules: (stack: string) => Template;
let weeklySweep: (stack: string) => Template;

beforeAll(() => {
  byDefault = synthesize({ regions: REGIONS.join(",") });
  reserving = synthesize({ settings: settingsWith({ deployment: { reservedConcurrency: true } }) });
  withoutConfigRules = synthesize({ settings: settingsWith({ deployment: { configRules: false } }) });
  // The longest sweep interval settings allow.
  weeklySweep = synthesize({ settings: settingsWith({ sweep: { everyHours: 168 } }) });
}, 120_000);

/**
 * What keeps a stack instance from being created as meant, as far as the template shows: a
 * resource that refers to, or depends on, one its condition leaves out ("CloudFormation creates the
 * resource only when the condition evaluates to true ... If a resource with a condition isn't
 * created, any resources that depend on that resource aren't created either, regardless of their
 * own conditions": CloudFormation Template Reference, "Condition attribute"), an intrinsic that
 * cannot resolve (Fn::Select out of range), an IAM statement without a resource, a blank list item,
 * an environment variable naming nothing.
 */
function creationProblems(template: Template, parameters: Record<string, string> = {}): string[] {
  const resolver = new TemplateResolver(template, {
    ...INSTANCE,
    parameters: { ...REQUIRED, ...parameters },
  });
  const created = new Map(resolver.resources());
  const problems: string[] = [];
  for (const [id, resource] of created) {
    const dependsOn = [resource.DependsOn ?? []].flat();
    for (const target of [...resolver.references(resource.Properties ?? {}), ...dependsOn])
      if (!created.has(target))
        problems.push(`${id} refers to ${target}, which is not created: it would be left out too, or fail`);
    let properties: Record<string, unknown>;
    try {
      properties = resolver.value(resource.Properties ?? {}) as Record<string, unknown>;
    } catch (error) {
      problems.push(`${id}: ${(error as Error).message}`);
      continue;
    }
    for (const statement of policyStatements(properties))
      if ([statement.Resource].flat().some((r) => r === undefined || r === ""))
        problems.push(`${id}: an IAM statement without a resource: ${JSON.stringify(statement)}`);
    for (const path of blankItems(properties)) problems.push(`${id}: ${path} lists a blank value`);
    const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables;
    for (const [name, value] of Object.entries(variables ?? {}))
      if (value === "") problems.push(`${id}: environment variable ${name} is blank`);
  }
  return problems;
}

/** Where a list holds a blank string (a blank CommaDelimitedList parameter is a list of one blank). */
function blankItems(value: unknown, path = ""): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => (item === "" ? [`${path}[${i}]`] : blankItems(item, `${path}[${i}]`)));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => blankItems(v, path ? `${path}.${k}` : k));
}

/** The statements of every policy a resource holds, except trust policies (which name no resource). */
function policyStatements(value: unknown, key = ""): { Resource?: unknown }[] {
  if (key === "AssumeRolePolicyDocument" || value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((v) => policyStatements(v));
  const statements = (value as { Statement?: unknown }).Statement;
  if (Array.isArray(statements)) return statements as { Resource?: unknown }[];
  return Object.entries(value).flatMap(([k, v]) => policyStatements(v, k));
}

/** ReservedConcurrentExecutions by function name. */
function reservations(template: Template): Record<string, number | undefined> {
  return Object.fromEntries(
    Object.values(template.Resources)
      .filter((r) => r.Type === "AWS::Lambda::Function")
      .map((r) => [
        String(r.Properties?.FunctionName),
        r.Properties?.ReservedConcurrentExecutions as number | undefined,
      ]),
  );
}

describe.each(MEMBER_STACKS)("%s: Lambda concurrency", (stack) => {
  it("reserves nothing by default: an account with a quota of 10 can hold no reservation", () => {
    // "You can reserve concurrency for as many functions as you like, as long as you leave at least
    // 100 simultaneous executions unreserved" (Lambda API Reference, PutFunctionConcurrency).
    const reserved = Object.values(reservations(byDefault(stack))).reduce<number>(
      (sum, n) => sum + (n ?? 0),
      0,
    );
    expect(reserved).toBe(0);
  });

  it("reserves each function's figure when settings turn reservations on", () => {
    expect(reservations(reserving(stack))).toEqual({
      "keysentry-kms-events": eventSourceOf("kms-events").reservedConcurrency,
      "keysentry-acm-events": eventSourceOf("acm-events").reservedConcurrency,
      "keysentry-config-rule": 10,
      "keysentry-sweep": 1,
    });
  });
});

/**
 * CloudFormation refuses a blank value itself where the parameter's own constraints exclude it:
 * AllowedValues, an AllowedPattern the whole value (each item of a list) must match, or an SSM
 * parameter type, whose value names an existing parameter (CloudFormation User Guide, "Parameters").
 */
function refusesBlank(parameter: Parameter): boolean {
  if (parameter.Type?.startsWith("AWS::SSM::Parameter::Value")) return true;
  if (parameter.AllowedValues) return !parameter.AllowedValues.includes("");
  if (parameter.AllowedPattern) return !new RegExp(`^(?:${parameter.AllowedPattern})$`).test("");
  return false;
}

describe.each(EVERY_STACK)("%s", (stack) => {
  it("creates with its defaults", () => {
    expect(creationProblems(byDefault(stack))).toEqual([]);
  });

  it("creates with each optional parameter left blank, or refuses the blank by the parameter's own constraints", () => {
    const template = byDefault(stack);
    for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
      if (parameter.Default === undefined || refusesBlank(parameter)) continue;
      expect(creationProblems(template, { [name]: "" }), name).toEqual([]);
    }
  });
});

const configRuleParts = (resources: [string, Resource][]) =>
  resources
    .filter(
      ([, r]) =>
        r.Type === "AWS::Config::ConfigRule" ||
        JSON.stringify(r).includes("keysentry-config-rule") ||
        /^configrule/i.test(JSON.stringify(r.Properties?.Dimensions ?? "")),
    )
    .map(([id]) => id);

describe("an account and region without an AWS Config recorder", () => {
  it.each(MEMBER_STACKS)(
    "%s has no Config rule, nor their function, when settings leave them out",
    (stack) => {
      const template = withoutConfigRules(stack);
      const resolver = new TemplateResolver(template, { ...INSTANCE, parameters: { ConfigRules: "false" } });
      // The StackSet member keeps them behind its ConfigRules parameter, which defaults to the settings.
      expect(template.Parameters?.ConfigRules?.Default ?? "false").toBe("false");
      expect(configRuleParts(resolver.resources())).toEqual([]);
      expect(creationProblems(template)).toEqual([]);
    },
  );

  it("the StackSet member with ConfigRules false creates exactly what the member stack creates without them", () => {
    const created = (template: Template, parameters: Record<string, string>) =>
      new TemplateResolver(template, { ...INSTANCE, parameters })
        .resources()
        .map(([id]) => id)
        .sort();
    const withRules = created(byDefault("KeysentryStackSetMember"), { ConfigRules: "true" });
    const without = created(byDefault("KeysentryStackSetMember"), { ConfigRules: "false" });
    const leftOut = withRules.filter((id) => !without.includes(id));
    const memberLeavesOut = created(byDefault("KeysentryMember"), {}).filter(
      (id) => !created(withoutConfigRules("KeysentryMember"), {}).includes(id),
    );
    expect(leftOut.length).toBeGreaterThan(0);
    expect(leftOut).toEqual(memberLeavesOut.sort());
    expect(
      configRuleParts(
        new TemplateResolver(byDefault("KeysentryStackSetMember"), {
          ...INSTANCE,
          parameters: { ConfigRules: "false" },
        }).resources(),
      ),
    ).toEqual([]);
  });

  it("the organization passes its ConfigRules parameter on to every member", () => {
    const organization = byDefault("KeysentryOrganization");
    expect(organization.Parameters?.ConfigRules).toMatchObject({
      AllowedValues: ["true", "false"],
      Default: "true",
    });
    const stackSet = Object.values(organization.Resources).find(
      (r) => r.Type === "AWS::CloudFormation::StackSet",
    );
    expect(stackSet?.Properties?.Parameters).toContainEqual({
      ParameterKey: "ConfigRules",
      ParameterValue: { Ref: "ConfigRules" },
    });
    expect(withoutConfigRules("KeysentryOrganization").Parameters?.ConfigRules?.Default).toBe("false");
  });
});

/**
 * The properties that name a resource of this type: `Name`, or the type's own name, or a trailing
 * part of it, followed by `Name` (AWS::DynamoDB::GlobalTable: TableName, AWS::Logs::LogGroup:
 * LogGroupName). A resource with one of them set has a custom name ("CloudFormation resource custom
 * naming", CloudFormation Template Reference), which another resource may already hold.
 */
function nameProperties(type: string): string[] {
  const words = (type.split("::").at(-1) ?? "").match(/[A-Z][a-z0-9]*/g) ?? [];
  return ["Name", ...words.map((_, i) => `${words.slice(i).join("")}Name`)];
}

const RETAINING = new Set(["Retain", "RetainExceptOnCreate"]);

describe.each(EVERY_STACK)("%s deleted and deployed again in the same account and region", (stack) => {
  it("leaves no named resource behind: what it retains is named by CloudFormation", () => {
    // A retained resource outlives its stack; "Resource names must be unique across all your active
    // stacks" and a new stack cannot create a name a retained resource still holds.
    const template = byDefault(stack);
    const named = Object.entries(template.Resources)
      .filter(([, r]) => RETAINING.has(r.DeletionPolicy ?? ""))
      .flatMap(([id, r]) =>
        nameProperties(r.Type)
          .filter((property) => r.Properties?.[property] !== undefined)
          .map((property) => `${id}.${property}`),
      );
    expect(named).toEqual([]);
  });
});

describe("what a deleted stack leaves behind", () => {
  it.each(MEMBER_STACKS)(
    "%s keeps its state table and its logs, and schedules its alerts key for deletion",
    (stack) => {
      const template = byDefault(stack);
      const retained = Object.values(template.Resources)
        .filter((r) => RETAINING.has(r.DeletionPolicy ?? ""))
        .map((r) => r.Type);
      expect(new Set(retained)).toEqual(new Set(["AWS::DynamoDB::GlobalTable", "AWS::Logs::LogGroup"]));
      const keys = Object.values(template.Resources).filter((r) => r.Type === "AWS::KMS::Key");
      expect(keys.map((k) => [k.DeletionPolicy, k.Properties?.PendingWindowInDays])).toEqual([["Delete", 7]]);
    },
  );

  it("the organization stack retains nothing, and schedules its central key for deletion", () => {
    const template = byDefault("KeysentryOrganization");
    expect(Object.values(template.Resources).filter((r) => RETAINING.has(r.DeletionPolicy ?? ""))).toEqual(
      [],
    );
    const keys = Object.values(template.Resources).filter((r) => r.Type === "AWS::KMS::Key");
    expect(keys.map((k) => [k.DeletionPolicy, k.Properties?.PendingWindowInDays])).toEqual([["Delete", 7]]);
  });

  it("the name-property rule knows the names it must catch", () => {
    expect(nameProperties("AWS::DynamoDB::GlobalTable")).toContain("TableName");
    expect(nameProperties("AWS::Logs::LogGroup")).toContain("LogGroupName");
    expect(nameProperties("AWS::SSM::Parameter")).toContain("Name");
  });
});

describe.each(MEMBER_STACKS)("%s Config rules", (stack) => {
  it("set an evaluation frequency only where AWS Config takes one: the ScheduledNotification of a periodic custom rule", () => {
    // "If you specify a value for MaximumExecutionFrequency, then MessageType must use the
    // ScheduledNotification value" (Config API Reference, SourceDetail); on the rule itself, only
    // for managed periodic rules and custom rules triggered by snapshot delivery (ConfigRule).
    const rules = Object.values(byDefault(stack).Resources).filter(
      (r) => r.Type === "AWS::Config::ConfigRule",
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const source = rule.Properties?.Source as {
        Owner: string;
        SourceDetails: { MessageType: string; MaximumExecutionFrequency?: string }[];
      };
      expect(source.Owner).toBe("CUSTOM_LAMBDA");
      expect(
        rule.Properties?.MaximumExecutionFrequency,
        String(rule.Properties?.ConfigRuleName),
      ).toBeUndefined();
      for (const detail of source.SourceDetails)
        if (detail.MaximumExecutionFrequency !== undefined)
          expect(detail.MessageType).toBe("ScheduledNotification");
    }
  });
});

describe.each(MEMBER_STACKS)("%s alarms", (stack) => {
  const alarms = (template: Template) =>
    Object.entries(template.Resources).filter(([, r]) => r.Type === "AWS::CloudWatch::Alarm");

  it("stay quiet on a fresh deploy: none counts the periods before its first data as breaching", () => {
    // With breaching, "missing data points are treated as breaching the threshold" (CloudWatch User
    // Guide, "Configuring how CloudWatch alarms treat missing data"): a new alarm whose metric has
    // no data yet, like the sweep's before its first run a period after creation, goes to ALARM.
    for (const [id, alarm] of alarms(byDefault(stack)))
      expect(alarm.Properties?.TreatMissingData, id).not.toBe("breaching");
  });

  it("tell the alert topic when the sweep stops completing, and when it stops reporting at all", () => {
    const [[, sweep] = []] = alarms(byDefault(stack)).filter(
      ([, a]) => a.Properties?.MetricName === "SweepCompleted",
    );
    expect(sweep?.Properties).toMatchObject({ ComparisonOperator: "LessThanThreshold", Threshold: 1 });
    const topic = sweep?.Properties?.AlarmActions as unknown[];
    expect(topic).toHaveLength(1);
    expect(sweep?.Properties?.InsufficientDataActions).toEqual(topic);
  });

  it("evaluate within CloudWatch's limits, whatever the sweep interval", () => {
    // "An alarm's total current evaluation period can be no longer than seven days ... For alarms
    // with a period of less than one hour, ... one day" (CloudWatch API Reference, PutMetricAlarm).
    for (const template of [byDefault(stack), weeklySweep(stack)])
      for (const [id, alarm] of alarms(template)) {
        const period = alarm.Properties?.Period as number;
        const total = period * (alarm.Properties?.EvaluationPeriods as number);
        expect(total, id).toBeLessThanOrEqual(period < 3_600 ? 86_400 : 604_800);
      }
  });
});

describe("the StackSet member's CentralTopicArn", () => {
  it("takes a blank or a topic ARN, whose region and account the central grants select", () => {
    const { AllowedPattern } = byDefault("KeysentryStackSetMember").Parameters?.CentralTopicArn ?? {};
    // The whole value must match (CloudFormation User Guide, "Parameters": AllowedPattern).
    const allowed = (value: string) => new RegExp(`^(?:${AllowedPattern})$`).test(value);
    for (const value of [
      "",
      "arn:aws:sns:us-east-1:111111111111:keysentry-central-alerts",
      "arn:aws-cn:sns:cn-north-1:111111111111:t.fifo",
    ])
      expect(allowed(value), value).toBe(true);
    for (const value of [
      " ",
      "keysentry-central-alerts",
      "arn:aws:sns:us-east-1:keysentry-central-alerts",
      "arn:aws:sqs:us-east-1:111111111111:q",
    ])
      expect(allowed(value), value).toBe(false);
  });
});
