import { createHash } from "node:crypto";
import { type Finding, isTrouble, type Severity, severityRank } from "../model";

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

/**
 * The transition from what was last recorded to this finding. A rise in severity is news
 * (the deletion date draws near); a fall is not (a sweep cannot see the short window an event saw).
 */
export function transition(
  previous: NotifiedState | undefined,
  finding: Finding,
  hash: string,
  now: Date,
  windowSeconds: number,
): Transition {
  const wasTrouble = previous !== undefined && isTrouble(previous.status);
  if (!isTrouble(finding.status)) return wasTrouble ? "resolved" : "quiet";
  if (!wasTrouble) return "new";
  if (previous.status !== finding.status || previous.hash !== hash) return "changed";
  if (previous.severity && severityRank(finding.severity) > severityRank(previous.severity)) return "changed";
  return now.getTime() - previous.notifiedAt >= windowSeconds * 1000 ? "reminder" : "repeat";
}

/** What to keep after a newsworthy transition: the severity told stays at its highest while trouble lasts. */
export function notifiedState(
  previous: NotifiedState | undefined,
  finding: Finding,
  hash: string,
  now: Date,
): NotifiedState {
  const before = previous && isTrouble(previous.status) ? previous.severity : undefined;
  const severity =
    before && severityRank(before) > severityRank(finding.severity) ? before : finding.severity;
  return { status: finding.status, hash, severity, notifiedAt: now.getTime() };
}

/** For the CLI, the demo and tests: the same rules as the DynamoDB store, in memory. */
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, NotifiedState>();
  private readonly policies = new Map<string, RememberedPolicy>();

  async record(finding: Finding, now: Date, windowSeconds: number): Promise<Transition> {
    const key = findingKey(finding);
    const hash = isTrouble(finding.status) ? evidenceHash(finding) : "";
    const previous = this.entries.get(key);
    const result = transition(previous, finding, hash, now, windowSeconds);
    if (NEWSWORTHY.has(result)) this.entries.set(key, notifiedState(previous, finding, hash, now));
    return result;
  }

  async lastPolicy(keyArn: string) {
    return this.policies.get(keyArn);
  }

  async rememberPolicy(keyArn: string, policy: string, now: Date) {
    this.policies.set(keyArn, { text: policy, seenAt: now });
  }
}
