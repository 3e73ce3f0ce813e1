import { Stack, type StackProps } from "aws-cdk-lib";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { Settings } from "../../shared/settings";
import { Alarms } from "./constructs/alarms";
import { Alerting } from "./constructs/alerting";
import { AuditRole } from "./constructs/audit-role";
import { Channels } from "./constructs/channels";
import { ConfigRules } from "./constructs/config-rules";
import { ConfigRulesChoice } from "./constructs/config-rules-choice";
import { DeadLetters } from "./constructs/dead-letters";
import { EventTriggers } from "./constructs/event-triggers";
import { type FunctionsByName, KeysentryFunctions } from "./constructs/keysentry-functions";
import { RemediationRole } from "./constructs/remediation-role";
import { StateStore } from "./constructs/state-store";

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
  /** A ConfigRules stack parameter decides whether the stack has the Config rules, defaulting to the settings (StackSet instances). */
  configRulesParameter?: boolean;
}

/**
 * keysentry in one account and region: functions, triggers, Config rules, sweep, alerts, state.
 * Each part grants its own permissions, in the order its statements appear in the functions'
 * policies: reordering the parts reorders the synthesized policies. The parts create their
 * resources in this stack, not under themselves, so logical ids stay as deployed (resourceScope).
 */
export class MemberStack extends Stack {
  readonly topic: sns.Topic;
  readonly functions: FunctionsByName;

  constructor(scope: Construct, id: string, props: MemberStackProps) {
    super(scope, id, props);
    const prefix = props.prefix ?? "keysentry";
    const { settings } = props;
    const sweepHours = settings.sweep.everyHours;

    const configRules = new ConfigRulesChoice(this, "ConfigRulesChoice", {
      enabled: settings.deployment.configRules,
      parameter: props.configRulesParameter,
    });
    const alerting = new Alerting(this, "Alerting", {
      prefix,
      centralTopicArn: props.centralTopicArn,
      exemptionTags: settings.exemptionTags,
    });
    const state = new StateStore(this, "StateStore", { prefix, settingsDocument: props.settingsDocument });
    const deadLetters = new DeadLetters(this, "DeadLetters", { prefix });
    const functions = new KeysentryFunctions(this, "Functions", {
      prefix,
      sweepHours,
      reserveConcurrency: settings.deployment.reservedConcurrency,
      configRule: configRules.included,
      state,
      alerting,
      deadLetters,
    });
    new Channels(this, "Channels", { settings, functions: functions.all, resolvers: functions.resolvers });
    new RemediationRole(this, "RemediationRole", { prefix, remediators: functions.remediators });
    new EventTriggers(this, "EventTriggers", {
      prefix,
      functions: functions.byName,
      deadLetters,
      sweepHours,
    });
    const evaluator = functions.byName.configRule;
    const rules = evaluator && new ConfigRules(this, "ConfigRules", { prefix, settings, evaluator });
    const alarms = new Alarms(this, "Alarms", {
      functions: functions.byName,
      deadLetters,
      topic: alerting.topic,
      sweepHours,
    });
    if (evaluator && rules)
      configRules.serving(
        evaluator,
        evaluator.logGroup,
        ...alarms.of(evaluator),
        ...alerting.centralGrantOf(evaluator),
        ...rules.rules,
      );

    if (settings.auditRole) new AuditRole(this, "AuditAccess", { settings, auditRole: settings.auditRole });

    this.topic = alerting.topic;
    this.functions = functions.byName;
  }
}
