import { createHash } from "node:crypto";
import type { Finding, Severity } from "../model";

/**
 * What a finding means for the people who hear about it, given what keysentry last told them:
 * new trouble, a change (worse, or different evidence), the same trouble again after the
 * window, a fix, a repeat inside the window, or nothing worth saying.
 */
export type Transition = "new" | "changed" | "reminder" | "resolved" | "repeat" | "quiet";

export const NEWSWORTHY: ReadonlySet<Transition> = new Set(["new", "changed", "reminder", "resolved"]);

export interface RememberedPolicy {
  text: string;
  seenAt: Date;
}

/** What the store keeps per (rule, resource): what keysentry last told people. */
export interface NotifiedState {
  status: Finding["status"];
  hash: string;
  /** The highest severity told since the trouble began. */
  severity?: Severity;
  notifiedAt: number;
}

export interface StateStore {
  /** Records the finding and says whether it is news. Atomic: of concurrent identical calls, one gets the news. */
  record(finding: Finding, now: Date, windowSeconds: number): Promise<Transition>;
  /** The last key policy keysentry saw for a key, for PutKeyPolicy diffs, and when it was recorded. */
  lastPolicy(keyArn: string): Promise<RememberedPolicy | undefined>;
  rememberPolicy(keyArn: string, policy: string, now: Date): Promise<void>;
}

/**
 * The finding's identity in a stable form, so that key order never makes a repeat look new.
 * Only what every path sees counts: event-only facts and severity (which event facts can raise)
 * are left out, so an event's alert is not repeated as "changed" by the next sweep.
 */
export function evidenceHash(finding: Finding): string {
  const stable = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(stable)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, stable(v)]),
          )
        : value;
  // Counters that move every day (days left) are not a change of state.
  const { daysLeft: _daysLeft, overdueDays: _overdue, ...evidence } = finding.evidence;
  return createHash("sha256")
    .update(JSON.stringify(stable(evidence)))
    .digest("hex")
    .slice(0, 32);
}

export function findingKey(finding: Pick<Finding, "ruleId" | "resourceArn">): string {
  return `finding#${finding.ruleId}#${finding.resourceArn}`;
}
