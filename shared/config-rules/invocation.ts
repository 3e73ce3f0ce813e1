/**
 * An AWS Config custom-rule invocation, read: which keysentry rule it is, with which
 * parameters, about which resources (AWS Config Developer Guide, "Example Events for AWS
 * Config Rules"). The three jobs of a Config rule stay apart: this reads the envelope, the
 * engine decides, the reporter writes evaluations.
 */

import { KeysentryError } from "../errors";
import { InvalidEventError, parseWith } from "../events";
import type { ResourceType } from "../model";
import { type AnyRule, RULES } from "../rules";
import * as z from "../zod";

const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

const configurationItem = z.object({
  configurationItemCaptureTime: text(0, 64),
  configurationItemStatus: text(0, 64),
  resourceType: text(0, 256),
  resourceId: text(1, 2048),
  ARN: z.optional(text(0, 2048)),
  awsRegion: z.optional(text(0, 64)),
  awsAccountId: z.optional(text(0, 64)),
});

const invokingEvent = z.discriminatedUnion("messageType", [
  z.object({
    messageType: z.literal("ConfigurationItemChangeNotification"),
    notificationCreationTime: z.string(),
    configurationItem: z.nullable(configurationItem),
  }),
  z.object({
    messageType: z.literal("OversizedConfigurationItemChangeNotification"),
    notificationCreationTime: z.string(),
    configurationItemSummary: configurationItem,
  }),
  z.object({
    messageType: z.literal("ScheduledNotification"),
    notificationCreationTime: z.string(),
    awsAccountId: z.optional(z.string()),
  }),
]);

const envelope = z.object({
  invokingEvent: text(0, 1_000_000),
  ruleParameters: z.optional(text(0, 256_000)),
  resultToken: text(1, 4096),
  eventLeftScope: z.optional(z.boolean()),
  configRuleName: text(1, 128),
  configRuleArn: z.optional(text(0, 2048)),
  accountId: z.string().check(z.regex(/^\d{12}$/)),
  /** keysentry's own: ask PutEvaluations to validate without recording (replay and pre-deployment checks). */
  testMode: z.optional(z.boolean()),
});

/** What the invocation asks, once read. */
export type ConfigRequest = {
  rule: AnyRule;
  /** The rule parameters Config passed, decoded but not yet validated. */
  parameters: Record<string, unknown>;
  resultToken: string;
  testMode: boolean;
  configRuleName: string;
} & (
  | {
      kind: "change";
      resourceType: string;
      resourceId: string;
      orderingTimestamp: Date;
      gone: boolean;
      leftScope: boolean;
    }
  | { kind: "scheduled"; orderingTimestamp: Date }
);

/** A rule parameter Config passed that the rule does not accept: Config shows the rule failing with this message. */
export class ConfigRuleParameterError extends KeysentryError {
  override readonly name = "ConfigRuleParameterError";
  constructor(
    readonly configRuleName: string,
    readonly parameter: string,
    readonly problem: string,
  ) {
    super(`Config rule ${configRuleName}: parameter ${parameter || "(all)"} is invalid: ${problem}`);
  }
}

/** The parameter that names the keysentry rule when the Config rule's name does not. */
export const RULE_ID_PARAMETER = "keysentryRuleId";

/** Config passes every parameter value as a string; keysentry's are numbers, lists and strings. */
function decodeParameters(text: string | undefined, ruleName: string): Record<string, unknown> {
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigRuleParameterError(ruleName, "", "ruleParameters is not JSON");
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw new ConfigRuleParameterError(ruleName, "", "ruleParameters is not an object");
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => {
      if (typeof value !== "string") return [key, value];
      try {
        return [key, JSON.parse(value)];
      } catch {
        return [key, value];
      }
    }),
  );
}

function ruleOf(configRuleName: string, parameters: Record<string, unknown>): AnyRule {
  const named = parameters[RULE_ID_PARAMETER];
  const rule =
    typeof named === "string"
      ? RULES.find((r) => r.id === named)
      : // Longest id first: a name ending in "kms-rotation-period" must not be taken for a shorter id it ends with.
        [...RULES].sort((a, b) => b.id.length - a.id.length).find((r) => configRuleName.endsWith(r.id));
  if (!rule) {
    throw new ConfigRuleParameterError(
      configRuleName,
      RULE_ID_PARAMETER,
      `names no keysentry rule; the Config rule name must end with a rule id or set ${RULE_ID_PARAMETER}`,
    );
  }
  return rule;
}

export function readConfigInvocation(raw: unknown): ConfigRequest {
  const event = parseWith(envelope, raw, "");
  let inner: unknown;
  try {
    inner = JSON.parse(event.invokingEvent);
  } catch {
    throw new InvalidEventError("invokingEvent", "not JSON");
  }
  const invoking = parseWith(invokingEvent, inner, "invokingEvent");
  const parameters = decodeParameters(event.ruleParameters, event.configRuleName);
  const rule = ruleOf(event.configRuleName, parameters);
  delete parameters[RULE_ID_PARAMETER];
  const common = {
    rule,
    parameters,
    resultToken: event.resultToken,
    testMode: event.testMode ?? false,
    configRuleName: event.configRuleName,
  };
  if (invoking.messageType === "ScheduledNotification") {
    return { ...common, kind: "scheduled", orderingTimestamp: new Date(invoking.notificationCreationTime) };
  }
  const item =
    invoking.messageType === "ConfigurationItemChangeNotification"
      ? invoking.configurationItem
      : invoking.configurationItemSummary;
  if (!item) throw new InvalidEventError("invokingEvent.configurationItem", "missing");
  return {
    ...common,
    kind: "change",
    resourceType: item.resourceType,
    resourceId:
      item.resourceType === "AWS::ACM::Certificate" ? (item.ARN ?? item.resourceId) : item.resourceId,
    orderingTimestamp: new Date(item.configurationItemCaptureTime),
    gone:
      item.configurationItemStatus === "ResourceDeleted" ||
      item.configurationItemStatus === "ResourceDeletedNotRecorded",
    leftScope: event.eventLeftScope ?? false,
  };
}

/** Validates Config's parameters against the rule's schema, over the settings' values. */
export function ruleParameters(
  request: Pick<ConfigRequest, "rule" | "parameters" | "configRuleName">,
  base: unknown,
): unknown {
  const merged = { ...(base as Record<string, unknown>), ...request.parameters };
  const result = request.rule.params.safeParse(merged);
  if (result.success) return result.data;
  const { path, problem } = z.firstIssue(result.error);
  throw new ConfigRuleParameterError(request.configRuleName, path, problem);
}

export function isRuleResource(rule: AnyRule, resourceType: string): resourceType is ResourceType {
  return rule.resourceType === resourceType;
}
