import { createHash } from "node:crypto";
import type { Finding } from "../model";

/**
 * What a finding means for the people who hear about it, given what keysentry last told them:
 * new trouble, a change (worse, or different evidence), the same trouble again after the
 * window, a fix, a repeat inside the window, or nothing worth saying.
 */
export type Transition = "new" | "changed" | "reminder" | "resolved" | "repeat" | "quiet";

export const NEWSWORTHY: ReadonlySet<Transition> = new Set(["new", "changed", "reminder", "resolved"]);

export interface StateStore {
  /** Records the finding and says whether it is news. Atomic: of concurrent identical calls, one gets the news. */
  record(finding: Finding, now: Date, windowSeconds: number): Promise<Transition>;
  /** The last key policy keysentry saw for a key, for PutKeyPolicy diffs. */
  lastPolicy(keyArn: string): Promise<string | undefined>;
  rememberPolicy(keyArn: string, policy: string, now: Date): Promise<void>;
}

/** Evidence in a stable form, so that key order never makes a repeat look new. */
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
    .update(JSON.stringify(stable({ severity: finding.severity, evidence })))
    .digest("hex")
    .slice(0, 32);
}

export function findingKey(finding: Pick<Finding, "ruleId" | "resourceArn">): string {
  return `finding#${finding.ruleId}#${finding.resourceArn}`;
}

/** Statuses worth telling someone about; the others only matter when they end trouble. */
export function isTrouble(status: Finding["status"]): boolean {
  return status === "NON_COMPLIANT" || status === "ERROR";
}

/** The transition from what was last recorded to this finding. */
export function transition(
  previous: { status: Finding["status"]; hash: string; notifiedAt: number } | undefined,
  finding: Finding,
  hash: string,
  now: Date,
  windowSeconds: number,
): Transition {
  const wasTrouble = previous !== undefined && isTrouble(previous.status);
  if (!isTrouble(finding.status)) return wasTrouble ? "resolved" : "quiet";
  if (!wasTrouble) return "new";
  if (previous.status !== finding.status || previous.hash !== hash) return "changed";
  return now.getTime() - previous.notifiedAt >= windowSeconds * 1000 ? "reminder" : "repeat";
}

interface Entry {
  status: Finding["status"];
  hash: string;
  notifiedAt: number;
}

/** For the CLI, the demo and tests: the same rules as the DynamoDB store, in memory. */
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, Entry>();
  private readonly policies = new Map<string, string>();

  async record(finding: Finding, now: Date, windowSeconds: number): Promise<Transition> {
    const key = findingKey(finding);
    const hash = isTrouble(finding.status) ? evidenceHash(finding) : "";
    const result = transition(this.entries.get(key), finding, hash, now, windowSeconds);
    if (NEWSWORTHY.has(result))
      this.entries.set(key, { status: finding.status, hash, notifiedAt: now.getTime() });
    return result;
  }

  async lastPolicy(keyArn: string) {
    return this.policies.get(keyArn);
  }

  async rememberPolicy(keyArn: string, policy: string) {
    this.policies.set(keyArn, policy);
  }
}
