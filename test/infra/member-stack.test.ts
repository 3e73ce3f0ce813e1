import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app";
import { eventPatterns } from "../../infra/member/event-patterns";
import { DATA_ACTIONS, FORBIDDEN_ACTIONS, REMEDIATION_ACTIONS } from "../../infra/member/permissions";
import { DEFAULT_EXEMPTION_TAGS, exemptionFor, readActions } from "../../shared/engine";
import { RULES } from "../../shared/rules";

let template: Template;
let synthError: unknown;
const outdir = mkdtempSync(join(tmpdir(), "keysentry-cdk-"));

beforeAll(() => {
  const app = buildApp(new App({ outdir }));
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  template = Template.fromStack(app.node.findChild("KeysentryMember") as never);
}, 120_000);

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
function statementsOf(logicalIdPattern: RegExp): Statement[] {
  const policies = template.findResources("AWS::IAM::Policy");
  return Object.entries(policies)
    .filter(([id]) => logicalIdPattern.test(id))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
}
const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe("member stack", () => {
  it("passes cdk-nag's AwsSolutions checks with every finding acknowledged for a reason", () => {
    expect(synthError).toBeUndefined();
  });

  it("lets the event function and the sweep, and only they, remediate through the remediation role", () => {
    for (const name of ["kms-events", "sweep"])
      template.hasResourceProperties("AWS::Lambda::Function", {
        FunctionName: `keysentry-${name}`,
        Environment: { Variables: Match.objectLike({ KEYSENTRY_REMEDIATION_ROLE_ARN: Match.anyValue() }) },
      });
    const [role] = Object.values(
      template.findResources("AWS::IAM::Role", { Properties: { RoleName: Match.anyValue() } }),
    );
    const trusted = JSON.stringify(
      (role as { Properties: { AssumeRolePolicyDocument: unknown } }).Properties.AssumeRolePolicyDocument,
    );
    expect(trusted).toMatch(/kmsevents/i);
    expect(trusted).toMatch(/sweep/i);
    expect(trusted).not.toMatch(/acmevents|configrule/i);
  });

  it("has the four functions on arm64 and the newest Node.js runtime, with logs kept a year", () => {
    template.resourceCountIs("AWS::Lambda::Function", 4);
    for (const name of ["kms-events", "acm-events", "config-rule", "sweep"]) {
      template.hasResourceProperties("AWS::Lambda::Function", {
        FunctionName: `keysentry-${name}`,
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Environment: {
          Variables: Match.objectLike({
            KEYSENTRY_SETTINGS_PARAMETER: Match.anyValue(),
            KEYSENTRY_STATE_TABLE: Match.anyValue(),
          }),
        },
      });
    }
    // Each function logs to its own log group, kept a year: LoggingConfig names it, so Lambda
    // does not write to a /aws/lambda/<function> group of its own.
    const logGroups = template.findResources("AWS::Logs::LogGroup");
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function"))) {
      const { Ref: logGroup } = fn.Properties.LoggingConfig.LogGroup as { Ref: string };
      expect(logGroups[logGroup]?.Properties.RetentionInDays).toBe(365);
    }
    // Reservations are opt-in (deployment.reservedConcurrency): deploy-time-rules.test.ts.
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function")))
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it("ships each function its own bundle, with the chunks it loads on demand beside it", () => {
    const functions = Object.values(template.findResources("AWS::Lambda::Function")) as {
      Properties: { Handler: string; Code: { S3Key: string } };
    }[];
    const assets = functions.map((f) => `asset.${f.Properties.Code.S3Key.replace(/\.zip$/, "")}`);
    expect(new Set(assets).size).toBe(4);
    for (const [i, asset] of assets.entries()) {
      expect(functions[i]?.Properties.Handler).toBe("index.handler");
      const files = readdirSync(join(outdir, asset));
      expect(files).toEqual(expect.arrayContaining(["index.mjs", "index.mjs.map", "chunks"]));
      expect(readFileSync(join(outdir, asset, "index.mjs"), "utf8")).toMatch(/export\s*\{[^}]*as handler/);
    }
  });

  it("routes each event family with a retry policy and a dead-letter queue", () => {
    // The stack's patterns name its own account as CloudFormation resolves it.
    const resolved = JSON.stringify(eventPatterns("ACCOUNT")).replaceAll(
      '"ACCOUNT"',
      '{"Ref":"AWS::AccountId"}',
    );
    for (const pattern of Object.values(JSON.parse(resolved))) {
      template.hasResourceProperties("AWS::Events::Rule", {
        EventPattern: pattern,
        Targets: [
          Match.objectLike({
            DeadLetterConfig: Match.anyValue(),
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 4 }),
          }),
        ],
      });
    }
    template.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(1 day)" });
  });

  it("declares one Config rule per keysentry rule, triggered as the registry says", () => {
    template.resourceCountIs("AWS::Config::ConfigRule", RULES.length);
    for (const rule of RULES) {
      const details = [
        ...(rule.evaluatedOn.includes("change")
          ? [Match.objectLike({ MessageType: "ConfigurationItemChangeNotification" })]
          : []),
        ...(rule.evaluatedOn.includes("schedule")
          ? [
              Match.objectLike({
                MessageType: "ScheduledNotification",
                MaximumExecutionFrequency: "TwentyFour_Hours",
              }),
            ]
          : []),
      ];
      template.hasResourceProperties("AWS::Config::ConfigRule", {
        ConfigRuleName: `keysentry-${rule.id}`,
        MaximumExecutionFrequency: Match.absent(),
        Source: Match.objectLike({ Owner: "CUSTOM_LAMBDA", SourceDetails: Match.arrayWith(details) }),
      });
    }
  });

  it("encrypts and keeps state: PITR, TTL, an encrypted topic with a rotating key", () => {
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
  });

  it("exempts its own alerts key from kms-not-pending-deletion, which it waits out once the stack is deleted", () => {
    const [key] = Object.values(template.findResources("AWS::KMS::Key")) as {
      Properties: { Tags: { Key: string; Value: string }[] };
    }[];
    const tags = Object.fromEntries(key!.Properties.Tags.map((t) => [t.Key, t.Value]));
    const pending = exemptionFor(tags, "kms-not-pending-deletion", new Date(), DEFAULT_EXEMPTION_TAGS);
    expect(pending).toMatchObject({
      state: "exempt",
      reason: expect.stringMatching(/deleted with its stack/),
    });
    expect(exemptionFor(tags, "kms-rotation-enabled", new Date(), DEFAULT_EXEMPTION_TAGS)).toBeUndefined();
  });

  it("alarms on errors, throttles, dead letters and a sweep that did not complete", () => {
    template.resourceCountIs("AWS::CloudWatch::Alarm", 10);
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "SweepCompleted",
      EvaluationPeriods: 2,
      TreatMissingData: "missing",
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Threshold: 0,
    });
  });

  it("grants no role a forbidden action, and key data actions only on keysentry's own alerts key", () => {
    const statements = statementsOf(/.*/);
    for (const forbidden of FORBIDDEN_ACTIONS) expect(actionsOf(statements)).not.toContain(forbidden);
    const dataGrants = statements.filter((s) => actionsOf([s]).some((a) => DATA_ACTIONS.includes(a)));
    expect(dataGrants.length).toBeGreaterThan(0);
    for (const grant of dataGrants)
      expect(grant.Resource).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^AlertsKey/), "Arn"] });
    expect(JSON.stringify(template.findResources("AWS::IAM::Role"))).not.toMatch(/"kms:\*"/);
  });

  it("gives reads to the functions, writes to the remediation role only, PutEvaluations to the Config function only", () => {
    const functionActions = actionsOf(
      statementsOf(/^(kmsevents|acmevents|configrule|sweep)ServiceRoleDefaultPolicy/i),
    );
    for (const action of readActions(RULES)) expect(functionActions).toContain(action);
    for (const write of ["kms:EnableKeyRotation", "kms:CancelKeyDeletion", "kms:EnableKey"])
      expect(functionActions).not.toContain(write);
    const remediation = statementsOf(/^RemediationRoleDefaultPolicy/);
    expect(actionsOf(remediation).sort()).toEqual(REMEDIATION_ACTIONS);
    expect(remediation[0]?.Condition).toEqual({
      StringEquals: { "aws:ResourceAccount": { Ref: "AWS::AccountId" } },
    });
    expect(actionsOf(statementsOf(/^configruleServiceRoleDefaultPolicy/i))).toContain(
      "config:PutEvaluations",
    );
    for (const other of [/^kmseventsServiceRole/i, /^acmeventsServiceRole/i, /^sweepServiceRole/i]) {
      expect(actionsOf(statementsOf(other))).not.toContain("config:PutEvaluations");
    }
    // Everything granted on "*" is a read, or PutEvaluations-style calls that take no resource.
    const onAnything = statementsOf(/.*/)
      .filter((s) => s.Resource === "*")
      .flatMap((s) => actionsOf([s]));
    for (const action of onAnything)
      expect(action).toMatch(
        /^(kms|acm|acm-pca):(List|Describe|Get|Search)|^config:(PutEvaluations|GetComplianceDetailsByConfigRule|GetResourceConfigHistory)$|^cloudtrail:LookupEvents$|^ssm:(CreateOpsItem|DescribeOpsItems|UpdateOpsItem)$|^tag:GetResources$/,
      );
  });
});
