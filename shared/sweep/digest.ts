import type { ActionResult, AlertTransition } from "../actions";
import type { ResourceTally } from "../engine";
import { type Finding, isExempt, type ReadFailure, type Severity } from "../model";
import type { RuleSelection } from "../settings";

/** One summary per sweep: what is wrong, what changed, what could not be read. */
export interface Digest {
  account: string;
  region: string;
  startedAt: string;
  finishedAt: string;
  /** False when the sweep stopped short of its deadline and continues in a follow-up run. */
  complete: boolean;
  keys: ResourceTally;
  certificates: ResourceTally;
  /** ACM Private CAs. */
  authorities: ResourceTally;
  /** NON_COMPLIANT findings that are not exempt, by rule, then severity. */
  nonCompliant: Record<string, Partial<Record<Severity, number>>>;
  /** Findings that fail but are exempt by tag: reported apart, never alerted. */
  exempt: number;
  /**
   * Rules that take turns: how many resources this run judged, each judged once in `everyDays`;
   * their counts in `nonCompliant` cover those resources only.
   */
  inTurn: { ruleId: string; everyDays: number; judged: number }[];
  /** Findings that are news since keysentry last told anyone: new, changed, resolved, reminders. */
  changes: { transition: AlertTransition; ruleId: string; resourceArn: string }[];
  lapsedExemptions: { ruleId: string; resourceArn: string; detail: string }[];
  unreadable: { ruleId: string; resourceArn: string; code: string }[];
  /** The bulk read of exemption tags failed with this code: troubled resources' tags were read one by one. */
  exemptionTagsReadEach?: string;
}

export function digestOf(
  where: { account: string; region: string; startedAt: Date; finishedAt: Date; complete: boolean },
  tallies: { keys: ResourceTally; certificates: ResourceTally; authorities: ResourceTally },
  findings: readonly Finding[],
  actions: readonly ActionResult[],
  selections: readonly RuleSelection[],
  exemptionTagsFailure?: ReadFailure,
): Digest {
  const nonCompliant: Digest["nonCompliant"] = {};
  let exempt = 0;
  for (const f of findings) {
    if (isExempt(f)) exempt++;
    if (f.status !== "NON_COMPLIANT" || isExempt(f)) continue;
    const byRule = nonCompliant[f.ruleId] ?? {};
    byRule[f.severity] = (byRule[f.severity] ?? 0) + 1;
    nonCompliant[f.ruleId] = byRule;
  }
  const changes = new Map<string, Digest["changes"][number]>();
  for (const a of actions) {
    if (a.action === "alert" && a.transition)
      changes.set(`${a.ruleId}|${a.resourceArn}`, {
        transition: a.transition,
        ruleId: a.ruleId,
        resourceArn: a.resourceArn,
      });
  }
  return {
    account: where.account,
    region: where.region,
    startedAt: where.startedAt.toISOString(),
    finishedAt: where.finishedAt.toISOString(),
    complete: where.complete,
    ...tallies,
    nonCompliant,
    exempt,
    inTurn: selections.flatMap(({ rule }) =>
      rule.judgedEveryDays
        ? [
            {
              ruleId: rule.id,
              everyDays: rule.judgedEveryDays,
              judged: findings.filter((f) => f.ruleId === rule.id).length,
            },
          ]
        : [],
    ),
    changes: [...changes.values()],
    lapsedExemptions: actions
      .filter((a) => a.action === "exemption" && a.status === "lapsed")
      .map((a) => ({ ruleId: a.ruleId, resourceArn: a.resourceArn, detail: a.detail })),
    unreadable: findings
      .filter((f) => f.status === "ERROR" && !isExempt(f))
      .map((f) => ({
        ruleId: f.ruleId,
        resourceArn: f.resourceArn,
        code: String((f.evidence.failure as { code?: string } | undefined)?.code),
      })),
    ...(exemptionTagsFailure && { exemptionTagsReadEach: exemptionTagsFailure.code }),
  };
}

/** A channel that can carry the sweep digest (SNS and Slack do). */
export interface DigestSender {
  name: string;
  sendDigest(digest: Digest): Promise<void>;
}
