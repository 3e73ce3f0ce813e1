import type { ComplianceStatus, Evidence, FacetOf, Severity, Snapshot } from "../model";
import type * as z from "../zod";

/** What a rule decides; the engine turns it into a Finding. */
export interface Verdict {
  status: Exclude<ComplianceStatus, "ERROR">;
  /** One sentence, without the resource name (the engine prefixes the alias or domain). */
  reason: string;
  /** Overrides the rule's default severity for this finding (NON_COMPLIANT only). */
  severity?: Severity;
  evidence?: Evidence;
  /** Facts only the triggering event knows: shown with the finding, never part of its identity. */
  eventEvidence?: Evidence;
}

export interface Rule<S extends Snapshot, P = Record<string, never>> {
  /** Stable: appears in Config rule names, alerts, tags and settings. */
  id: string;
  title: string;
  /** One or two sentences for the README and the docs. */
  description: string;
  resourceType: S["resourceType"];
  /** Severity of a NON_COMPLIANT finding unless the verdict says otherwise. */
  severity: Severity;
  /** The read calls this rule's facets cost; IAM policies are generated from them. */
  permissions: readonly string[];
  /** Parameters with their defaults; `params.parse({})` gives the defaults. */
  params: z.ZodMiniType<P>;
  /**
   * When AWS Config should invoke the rule: on configuration changes of the resource, on a
   * schedule (what changes with time alone: rotation age, expiry), or both.
   */
  evaluatedOn: readonly ("change" | "schedule")[];
  /**
   * For a rule whose read is costly and whose verdict moves over months: the sweep judges each
   * resource once in this many days, the resources taking turns, and an event judges it only
   * when the other rules' reads settle it. Config's periodic runs and `scan` judge every resource.
   */
  judgedEveryDays?: number;
  /**
   * For a rule whose read no other rule makes: the events that change what it reads. Any other
   * event judges it only when the other rules' reads settle it; the sweep and Config judge it as usual.
   */
  readsOnEvents?: readonly string[];
  /** The id of the fix keysentry applies in `remediate` mode (shared/actions/remediations.ts); rules without one cannot remediate. */
  remediation?: string;
  /** The settings' trusted accounts and organization fill this rule's trust parameters. */
  usesTrust?: true;
  /** The facets this rule needs for this snapshot, given what has been read so far. */
  needs(snapshot: S, params: P, now: Date): readonly FacetOf<S>[];
  /** Pure: no I/O, no clock, no environment. */
  evaluate(snapshot: S, params: P, now: Date): Verdict;
}

/**
 * A rule's documented failing case: each rule module exports one as `example`, for the docs
 * and a test that checks it fails. Kept out of the rule so no function bundle carries it.
 */
export interface RuleExample<S> {
  summary: string;
  snapshot: S;
  now: Date;
}

export const compliant = (reason: string, evidence?: Evidence): Verdict => ({
  status: "COMPLIANT",
  reason,
  evidence,
});

export const notApplicable = (reason: string, evidence?: Evidence): Verdict => ({
  status: "NOT_APPLICABLE",
  reason,
  evidence,
});

export const nonCompliant = (
  reason: string,
  options: { severity?: Severity; evidence?: Evidence; eventEvidence?: Evidence } = {},
): Verdict => ({
  status: "NON_COMPLIANT",
  reason,
  ...options,
});
