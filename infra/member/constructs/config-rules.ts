import { Stack, Validations } from "aws-cdk-lib";
import * as config from "aws-cdk-lib/aws-config";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { RULES } from "../../../shared/rules";
import { type Settings, selectRules } from "../../../shared/settings";
import { resourceScope } from "../../resource-scope";

export interface ConfigRulesProps {
  prefix: string;
  settings: Settings;
  /** The function that evaluates every rule for AWS Config. */
  evaluator: lambda.Function;
}

/** One AWS Config custom rule per registry rule the settings select, all evaluated by one function. */
export class ConfigRules extends Construct {
  readonly rules: config.CustomRule[] = [];

  constructor(scope: Construct, id: string, { prefix, settings, evaluator }: ConfigRulesProps) {
    super(scope, id);
    const stack = resourceScope(this);
    // PutEvaluations answers each invocation; a periodic run lists what the rule evaluated before
    // (GetComplianceDetailsByConfigRule) to report resources gone since (shared/aws/config-evaluation-reporter.ts).
    evaluator.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReportEvaluations",
        actions: ["config:PutEvaluations", "config:GetComplianceDetailsByConfigRule"],
        resources: ["*"],
      }),
    );
    Validations.of(evaluator).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRulesExecutionRole]",
      reason:
        "CDK's CustomRule attaches this policy; withoutConfigRulesPolicy removes it from the synthesized role.",
    });
    const selections = new Map(selectRules(settings).map((s) => [s.rule.id, s]));
    for (const rule of RULES) {
      const selection = selections.get(rule.id);
      if (!selection) continue;
      const onChange = rule.evaluatedOn.includes("change");
      const periodic = rule.evaluatedOn.includes("schedule");
      const customRule = new config.CustomRule(stack, `Rule-${rule.id}`, {
        configRuleName: `${prefix}-${rule.id}`,
        description: `${rule.title}.`,
        lambdaFunction: evaluator,
        configurationChanges: onChange,
        periodic,
        maximumExecutionFrequency: periodic ? config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS : undefined,
        ruleScope: onChange
          ? config.RuleScope.fromResources([config.ResourceType.of(rule.resourceType)])
          : undefined,
        inputParameters: inputParameters(selection.params as Record<string, unknown>),
      });
      // A custom rule's frequency belongs to its ScheduledNotification source detail ("If you specify
      // a value for MaximumExecutionFrequency, then MessageType must use the ScheduledNotification
      // value": Config API Reference, SourceDetail). The rule-level property is for managed periodic
      // rules and custom rules triggered by snapshot delivery (Config API Reference, ConfigRule),
      // neither of which these are; the CDK sets it on the rule as well.
      (customRule.node.defaultChild as config.CfnConfigRule).addPropertyDeletionOverride(
        "MaximumExecutionFrequency",
      );
      this.rules.push(customRule);
    }
    withoutConfigRulesPolicy(evaluator);
  }
}

/**
 * CDK's CustomRule attaches AWSConfigRulesExecutionRole to the evaluator's role: config:Put*
 * (the recorder and delivery channel included) and config:Get* on everything. The function
 * calls only what ReportEvaluations grants, so its role keeps the managed policies it had
 * without that one (Lambda's basic execution role: its own logs).
 */
function withoutConfigRulesPolicy(evaluator: lambda.Function): void {
  const role = evaluator.role?.node.defaultChild as iam.CfnRole | undefined;
  if (!role) return;
  const arns = Stack.of(evaluator).resolve(role.managedPolicyArns) as unknown[] | undefined;
  const isConfigPolicy = (arn: unknown) => JSON.stringify(arn).includes("AWSConfigRulesExecutionRole");
  role.addPropertyOverride(
    "ManagedPolicyArns",
    (arns ?? []).filter((arn) => !isConfigPolicy(arn)),
  );
}

/** Config rule parameters are strings: anything else travels as JSON. */
function inputParameters(params: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}
