import { type AnyRule, RULES, ruleById } from "../rules";
import * as z from "../zod";

/** What keysentry does with a rule's findings (DESIGN.md, "Safe by default"). */
export const RULE_MODES = ["off", "report", "alert", "ticket", "remediate"] as const;
export type RuleMode = (typeof RULE_MODES)[number];

const accountId = z.string().check(z.regex(/^\d{12}$/, "an AWS account id has 12 digits"));
const organizationId = z
  .string()
  .check(z.regex(/^o-[a-z0-9]{10,32}$/, "an organization id looks like o-a1b2c3d4e5"));
const nonEmpty = () => z.string().check(z.minLength(1));
const integer = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

const ruleSettings = z.strictObject({
  mode: z._default(z.enum(RULE_MODES), "alert"),
  params: z._default(z.record(z.string(), z.unknown()), {}),
});

export const settingsSchema = z.strictObject({
  dryRun: z._default(z.boolean(), false),
  /** Accounts whose access to keys is expected (kms-policy-trusted-accounts). */
  trustedAccounts: z._default(z.array(accountId), []),
  /** The organization of the deployment; its accounts are trusted. */
  organizationId: z.optional(organizationId),
  rules: z._default(z.record(z.string(), ruleSettings), {}),
  /** The same finding alerts and tickets at most once per window; a change of state always does. */
  dedupWindowHours: z._default(z.number().check(z.gte(1), z.lte(720)), 24),
  exemptionTags: z.prefault(
    z.strictObject({
      tag: z._default(nonEmpty(), "keysentry:exempt"),
      untilTag: z._default(nonEmpty(), "keysentry:exempt-until"),
    }),
    {},
  ),
  alerts: z.prefault(
    z.strictObject({
      /** Secrets Manager secret holding the Slack incoming-webhook URL (a string, or JSON with "url"). */
      slack: z.optional(z.strictObject({ webhookSecretId: nonEmpty() })),
    }),
    {},
  ),
  tickets: z.prefault(
    z.strictObject({
      opsCenter: z.optional(z.strictObject({ category: z._default(nonEmpty(), "Security") })),
      jira: z.optional(
        z.strictObject({
          baseUrl: z.url().check(z.startsWith("https://", "Jira Cloud is served over https")),
          projectKey: z.string().check(z.regex(/^[A-Z][A-Z0-9_]+$/, "a Jira project key looks like SEC")),
          issueType: z._default(nonEmpty(), "Task"),
          email: z.email(),
          /** Secrets Manager secret holding the API token. */
          tokenSecretId: nonEmpty(),
        }),
      ),
    }),
    {},
  ),
  sweep: z.prefault(
    z.strictObject({
      /** The share of each published request quota the sweep may use; the rest is left to others. */
      quotaShare: z._default(z.number().check(z.gt(0), z.lte(1)), 0.5),
      /** Keys in flight at once, and as many certificates beside them. */
      concurrency: z._default(integer(1, 64), 16),
      /** How often the scheduled sweep runs. */
      everyHours: z._default(integer(1, 168), 24),
    }),
    {},
  ),
  remediation: z.prefault(
    z.strictObject({
      /** RotationPeriodInDays for EnableKeyRotation: 90 to 2560 (KMS API reference). */
      rotationPeriodDays: z._default(integer(90, 2560), 365),
    }),
    {},
  ),
});

export type Settings = z.infer<typeof settingsSchema>;

export interface RuleSelection {
  rule: AnyRule;
  mode: RuleMode;
  params: unknown;
}

export class SettingsError extends Error {
  override readonly name = "SettingsError";
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`invalid settings at ${path || "(root)"}: ${problem}`);
  }
}

function firstIssue(error: z.core.$ZodError, prefix: (string | number)[]): SettingsError {
  const issue = error.issues[0]!;
  const path = [...prefix, ...issue.path.map(String)].join(".");
  return new SettingsError(path, issue.message);
}

/** Global trust settings fill the trust parameters of rules that take them. */
function inheritedParams(rule: AnyRule, settings: Settings): Record<string, unknown> {
  if (!rule.usesTrust) return {};
  return {
    trustedAccounts: settings.trustedAccounts,
    trustedOrganizationIds: settings.organizationId ? [settings.organizationId] : [],
  };
}

function resolveParams(rule: AnyRule, settings: Settings): unknown {
  const own = settings.rules[rule.id]?.params ?? {};
  const result = rule.params.safeParse({ ...inheritedParams(rule, settings), ...own });
  if (!result.success) throw firstIssue(result.error, ["rules", rule.id, "params"]);
  return result.data;
}

/** Validates a settings document: unknown rule ids and bad parameters fail with their path. */
export function parseSettings(input: unknown): Settings {
  const result = settingsSchema.safeParse(input ?? {});
  if (!result.success) throw firstIssue(result.error, []);
  const settings = result.data;
  for (const id of Object.keys(settings.rules)) {
    try {
      ruleById(id);
    } catch (error) {
      throw new SettingsError(`rules.${id}`, (error as Error).message);
    }
  }
  for (const rule of RULES) resolveParams(rule, settings);
  return settings;
}

/** The rules to run (mode not `off`), optionally only some ids, each with its parameters. */
export function selectRules(settings: Settings, only?: readonly string[]): RuleSelection[] {
  const wanted = only ? new Set(only.map((id) => ruleById(id).id)) : undefined;
  return RULES.filter((rule) => !wanted || wanted.has(rule.id))
    .map((rule) => ({
      rule,
      mode: settings.rules[rule.id]?.mode ?? "alert",
      params: resolveParams(rule, settings),
    }))
    .filter((selection) => selection.mode !== "off");
}
