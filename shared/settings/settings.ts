import { KeysentryError } from "../errors";
import { type AnyRule, accountId, organizationId, RULES, ruleById } from "../rules";
import * as z from "../zod";
import { channelSection } from "./channels";

/** What keysentry does with a rule's findings: off, report only, alert, ticket, or fix (opt-in per rule). */
export const RULE_MODES = ["off", "report", "alert", "ticket", "remediate"] as const;
export type RuleMode = (typeof RULE_MODES)[number];

const nonEmpty = () => z.string().check(z.minLength(1));
/** IAM role names and external ids (IAM User Guide, "IAM and AWS STS quotas"). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const integer = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
const share = () => z.number().check(z.gt(0), z.lte(1));

const ruleSettings = z.strictObject({
  /**
   * What keysentry does with the rule's findings: `off` skips the rule entirely, `report` only reports
   * them (they still reach AWS Config), `alert` alerts, `ticket` alerts and opens tickets, `remediate`
   * fixes and alerts, ticketing a fix that did not verify (only rules that have a remediation).
   */
  mode: z._default(z.enum(RULE_MODES), "alert"),
  /**
   * The rule's parameters, checked against the rule's own schema (see Rule parameters); a parameter
   * not given takes its default.
   */
  params: z._default(z.record(z.string(), z.unknown()), {}),
});

/**
 * The settings document. Each setting's description is the JSDoc comment above it: `npm run docs`
 * reads them from this source (scripts/schema-comments.ts) for docs/configuration.md and
 * docs/settings.schema.json, so that the functions, which parse settings at cold start, do not carry
 * the text.
 */
export const settingsSchema = z.strictObject({
  /** Never change anything, whatever the rule modes say. */
  dryRun: z._default(z.boolean(), false),
  /** Accounts whose access to your keys is expected: `kms-policy-trusted-accounts` does not flag them. */
  trustedAccounts: z._default(z.array(accountId()), []),
  /**
   * The organization of the deployment: a grant pinned to it by `aws:PrincipalOrgID` or
   * `aws:PrincipalOrgPaths` is trusted.
   */
  organizationId: z.optional(organizationId()),
  /**
   * Each rule's mode and parameters, by rule id; a rule not named here alerts, with its default
   * parameters.
   */
  rules: z._default(z.record(z.string(), ruleSettings), {}),
  /**
   * The same finding alerts and tickets at most once per window of this many hours; a change of state
   * always does.
   */
  dedupWindowHours: z._default(z.number().check(z.gte(1), z.lte(720)), 24),
  exemptionTags: z.prefault(
    z.strictObject({
      /**
       * The tag that exempts a resource: its value is `all` or a comma-separated list of rule ids (see
       * Exemptions).
       */
      tag: z._default(nonEmpty(), "keysentry:exempt"),
      /** The tag whose value, an ISO date, ends the exemption. */
      untilTag: z._default(nonEmpty(), "keysentry:exempt-until"),
      /** The tag whose value says why the resource is exempt. */
      reasonTag: z._default(nonEmpty(), "keysentry:exempt-reason"),
    }),
    {},
  ),
  /**
   * The share of each published AWS request quota every keysentry function may use (default 0.5); the
   * rest is left to the account's other callers.
   */
  quotaShare: z.optional(share()),
  /** The alert channels settings turn on (see Channels); the stack adds its SNS topics. */
  alerts: channelSection("alerts"),
  /**
   * The ticket channels settings turn on (see Channels), for findings in `ticket` mode and remediations
   * that did not verify.
   */
  tickets: channelSection("tickets"),
  /** The channels that keep every finding's current state (see Channels): Security Hub. */
  findings: channelSection("findings"),
  sweep: z.prefault(
    z.strictObject({
      /**
       * The former name of the top-level `quotaShare`, still read; refused when it disagrees with
       * `quotaShare`.
       */
      quotaShare: z.optional(share()),
      /** Keys the sweep evaluates at once, and as many certificates beside them. */
      concurrency: z._default(integer(1, 64), 16),
      /** How often the scheduled sweep runs, in hours. */
      everyHours: z._default(integer(1, 168), 24),
      /**
       * Remediations one sweep may attempt; past it the sweep alerts instead, so a settings mistake cannot
       * rewrite an account in a night. One refused before any change (imported material, no revocable
       * grant) does not count.
       */
      maxRemediationsPerRun: z._default(integer(0, 1000), 25),
    }),
    {},
  ),
  remediation: z.prefault(
    z.strictObject({
      // 90 to 2560 days: the periods KMS accepts (KMS API reference, EnableKeyRotation).
      /**
       * RotationPeriodInDays used when keysentry turns rotation on or shortens it. Default: 365, or
       * `kms-rotation-period`'s `maxPeriodDays` when that is shorter; a period longer than
       * `maxPeriodDays` is refused, since the rule would fail the key right after.
       */
      rotationPeriodDays: z.optional(integer(90, 2560)),
    }),
    {},
  ),
  /**
   * Which successful PutKeyPolicy calls are told about, with the actor and the statement diff, when no
   * policy rule alert already carries the change: every one, those that add a kind of access, or none.
   */
  policyChanges: z._default(z.enum(["all", "new-access", "off"]), "new-access"),
  /**
   * How the stack is deployed: what a given account can hold. The same document is read by the
   * functions, which ignore it.
   */
  deployment: z.prefault(
    z.strictObject({
      /**
       * Reserve Lambda concurrency for each function (`keysentry preflight` says how much, and whether
       * the account's quota allows it). Off by default: new accounts often have a concurrency quota of 10,
       * and Lambda refuses a reservation that leaves fewer than 100 unreserved, so the stack would fail
       * to create. Turn on where the account's quota allows it.
       */
      reservedConcurrency: z._default(z.boolean(), false),
      /**
       * Create the AWS Config custom rules and the function that evaluates them. They need an AWS Config
       * recorder in the account and region; without one the whole stack fails to create. StackSets can
       * override it per deployment with the ConfigRules stack parameter.
       */
      configRules: z._default(z.boolean(), true),
    }),
    {},
  ),
  /**
   * A read-only role the member stack creates for `keysentry scan --organization` (see
   * docs/organization.md), allowed exactly the reads `keysentry permissions --organization` prints for
   * these settings; none when absent.
   */
  auditRole: z.optional(
    z.strictObject({
      /** The account that may assume the role: the management or delegated security account that runs the scan. */
      trustedAccount: accountId(),
      /** The external id the scan must pass (`--external-id`); none when absent. */
      externalId: z.optional(
        z.string().check(z.regex(EXTERNAL_ID, "2 to 1224 of letters, digits and +=,.@:/_-")),
      ),
      /** The role's name, the same in every account (`--role-name`). */
      roleName: z._default(
        z.string().check(z.regex(ROLE_NAME, "1 to 64 of letters, digits and +=,.@_-")),
        "keysentry-audit",
      ),
      /**
       * The one region whose stack creates the role: an IAM role belongs to the whole account, and the
       * stack is deployed to several regions.
       */
      region: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)+$/, "a region code, like eu-west-1")),
    }),
  ),
});

type SettingsDocument = z.infer<typeof settingsSchema>;

export type Settings = Omit<SettingsDocument, "remediation" | "quotaShare" | "sweep"> & {
  remediation: { rotationPeriodDays: number };
  quotaShare: number;
  sweep: Omit<SettingsDocument["sweep"], "quotaShare">;
};

export interface RuleSelection {
  rule: AnyRule;
  mode: RuleMode;
  params: unknown;
}

export class SettingsError extends KeysentryError {
  override readonly name = "SettingsError";
  constructor(
    readonly path: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`invalid settings at ${path || "(root)"}: ${problem}`, options);
  }
}

function settingsError(error: z.core.$ZodError, prefix: (string | number)[]): SettingsError {
  const { path, problem } = z.firstIssue(error, prefix);
  return new SettingsError(path, problem);
}

/** Global trust settings fill the trust parameters of rules that take them. */
function inheritedParams(rule: AnyRule, settings: SettingsDocument): Record<string, unknown> {
  if (!rule.usesTrust) return {};
  return {
    trustedAccounts: settings.trustedAccounts,
    trustedOrganizationIds: settings.organizationId ? [settings.organizationId] : [],
  };
}

function resolveParams(rule: AnyRule, settings: SettingsDocument): unknown {
  const own = settings.rules[rule.id]?.params ?? {};
  const result = rule.params.safeParse({ ...inheritedParams(rule, settings), ...own });
  if (!result.success) throw settingsError(result.error, ["rules", rule.id, "params"]);
  return result.data;
}

/** Keys that would reach an object's prototype when a document is copied key by key. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** Settings nest a few levels; anything far deeper is not a settings document. */
const MAX_DEPTH = 32;

function refusePrototypeKeys(value: unknown, path: string[], depth = 0): void {
  if (typeof value !== "object" || value === null) return;
  if (depth > MAX_DEPTH) throw new SettingsError(path.join("."), `nested deeper than ${MAX_DEPTH} levels`);
  for (const [key, child] of Object.entries(value)) {
    if (PROTOTYPE_KEYS.has(key)) throw new SettingsError([...path, key].join("."), `"${key}" is not allowed`);
    refusePrototypeKeys(child, [...path, key], depth + 1);
  }
}

const DEFAULT_QUOTA_SHARE = 0.5;

/** `quotaShare`, or its former name `sweep.quotaShare`: one of them, not two that disagree. */
function quotaShare(settings: SettingsDocument): number {
  const current = settings.quotaShare;
  const former = settings.sweep.quotaShare;
  if (current !== undefined && former !== undefined && current !== former)
    throw new SettingsError(
      "sweep.quotaShare",
      `the former name of quotaShare, given ${former} beside quotaShare ${current}: keep quotaShare only`,
    );
  return current ?? former ?? DEFAULT_QUOTA_SHARE;
}

const ROTATION_PERIOD_RULE = "kms-rotation-period";
const KMS_DEFAULT_ROTATION_DAYS = 365;

/** The period remediation sets must satisfy the rule that checks it, or "verified" could never be true. */
function rotationPeriodDays(settings: SettingsDocument): number {
  const { maxPeriodDays } = resolveParams(ruleById(ROTATION_PERIOD_RULE), settings) as {
    maxPeriodDays: number;
  };
  const chosen = settings.remediation.rotationPeriodDays;
  if (chosen === undefined) return Math.min(KMS_DEFAULT_ROTATION_DAYS, maxPeriodDays);
  if (chosen > maxPeriodDays)
    throw new SettingsError(
      "remediation.rotationPeriodDays",
      `${chosen} days is longer than rules.${ROTATION_PERIOD_RULE}.params.maxPeriodDays (${maxPeriodDays}): remediation would set a period the rule rejects`,
    );
  return chosen;
}

/** `remediate` only for rules that have a remediation. */
function checkRemediable(settings: SettingsDocument): void {
  const remediable = new Set(RULES.filter((r) => r.remediation).map((r) => r.id));
  for (const [id, rule] of Object.entries(settings.rules)) {
    if (rule.mode === "remediate" && !remediable.has(id))
      throw new SettingsError(
        `rules.${id}.mode`,
        `${id} has no remediation; rules that can remediate: ${[...remediable].join(", ")}`,
      );
  }
}

/** Validates a settings document: unknown rule ids and bad parameters fail with their path. */
export function parseSettings(input: unknown): Settings {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new SettingsError(
      "",
      `settings must be a JSON object, not ${input === null ? "null" : typeof input}`,
    );
  refusePrototypeKeys(input, []);
  const result = settingsSchema.safeParse(input);
  if (!result.success) throw settingsError(result.error, []);
  const settings = result.data;
  for (const id of Object.keys(settings.rules)) {
    try {
      ruleById(id);
    } catch (error) {
      throw new SettingsError(`rules.${id}`, (error as Error).message, { cause: error });
    }
  }
  for (const rule of RULES) resolveParams(rule, settings);
  checkRemediable(settings);
  const { quotaShare: _former, ...sweep } = settings.sweep;
  return {
    ...settings,
    quotaShare: quotaShare(settings),
    sweep,
    remediation: { rotationPeriodDays: rotationPeriodDays(settings) },
  };
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
