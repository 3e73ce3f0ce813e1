import * as z from "zod";
import { type AnyRule, RULES, ruleById } from "../rules";

/** What keysentry does with a rule's findings (DESIGN.md, "Safe by default"). */
export const RULE_MODES = ["off", "report", "alert", "ticket", "remediate"] as const;
export type RuleMode = (typeof RULE_MODES)[number];

const accountId = z.string().regex(/^\d{12}$/, "an AWS account id has 12 digits");
const organizationId = z.string().regex(/^o-[a-z0-9]{10,32}$/, "an organization id looks like o-a1b2c3d4e5");

const ruleSettings = z
  .object({
    mode: z.enum(RULE_MODES).default("alert"),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const settingsSchema = z
  .object({
    dryRun: z.boolean().default(false),
    /** Accounts whose access to keys is expected (kms-policy-trusted-accounts). */
    trustedAccounts: z.array(accountId).default([]),
    /** The organization of the deployment; its accounts are trusted. */
    organizationId: organizationId.optional(),
    rules: z.record(z.string(), ruleSettings).default({}),
    /** The same finding alerts and tickets at most once per window; a change of state always does. */
    dedupWindowHours: z.number().min(1).max(720).default(24),
    exemptionTags: z
      .object({
        tag: z.string().min(1).default("keysentry:exempt"),
        untilTag: z.string().min(1).default("keysentry:exempt-until"),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        /** Secrets Manager secret holding the Slack incoming-webhook URL (a string, or JSON with "url"). */
        slack: z
          .object({ webhookSecretId: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    tickets: z
      .object({
        opsCenter: z
          .object({ category: z.string().min(1).default("Security") })
          .strict()
          .optional(),
        jira: z
          .object({
            baseUrl: z.string().url().startsWith("https://", "Jira Cloud is served over https"),
            projectKey: z.string().regex(/^[A-Z][A-Z0-9_]+$/, "a Jira project key looks like SEC"),
            issueType: z.string().min(1).default("Task"),
            email: z.string().email(),
            /** Secrets Manager secret holding the API token. */
            tokenSecretId: z.string().min(1),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    sweep: z
      .object({
        /** The share of each published request quota the sweep may use; the rest is left to others. */
        quotaShare: z.number().gt(0).max(1).default(0.5),
        concurrency: z.number().int().min(1).max(64).default(16),
        /** How often the scheduled sweep runs. */
        everyHours: z.number().int().min(1).max(168).default(24),
      })
      .strict()
      .prefault({}),
    remediation: z
      .object({
        /** RotationPeriodInDays for EnableKeyRotation: 90 to 2560 (KMS API reference). */
        rotationPeriodDays: z.number().int().min(90).max(2560).default(365),
      })
      .strict()
      .prefault({}),
  })
  .strict();

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

function firstIssue(error: z.ZodError, prefix: (string | number)[]): SettingsError {
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
