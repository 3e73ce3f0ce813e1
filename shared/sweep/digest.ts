import type { ActionResult } from "../actions";
import type { ResourceTally } from "../engine";
import { type Finding, isExempt, type Severity } from "../model";

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
  /** NON_COMPLIANT findings that are not exempt, by rule, then severity. */
  nonCompliant: Record<string, Partial<Record<Severity, number>>>;
  /** Findings that fail but are exempt by tag: reported apart, never alerted. */
  exempt: number;
  /** Findings that are news since keysentry last told anyone: new, changed, resolved, reminders. */
  changes: { transition: string; ruleId: string; resourceArn: string }[];
  lapsedExemptions: { ruleId: string; resourceArn: string; detail: string }[];
  unreadable: { ruleId: string; resourceArn: string; code: string }[];
}

export function digestOf(
  where: { account: string; region: string; startedAt: Date; finishedAt: Date; complete: boolean },
  tallies: { keys: ResourceTally; certificates: ResourceTally },
  findings: readonly Finding[],
  actions: readonly ActionResult[],
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
    if (a.action === "alert")
      changes.set(`${a.ruleId}|${a.resourceArn}`, {
        transition: a.detail,
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
  };
}

/** The digest in a few lines a person reads first. */
export function digestLines(digest: Digest): string[] {
  const total = (t: ResourceTally) =>
    `${t.listed} listed, ${t.evaluated} evaluated, ${t.unreadable} unreadable, ${t.gone} gone`;
  const counts = Object.entries(digest.nonCompliant)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([rule, bySeverity]) =>
        `${rule}: ${Object.entries(bySeverity)
          .map(([s, n]) => `${n} ${s}`)
          .join(", ")}`,
    );
  return [
    `keysentry sweep of ${digest.account} ${digest.region}${digest.complete ? "" : " (continues in a follow-up run)"}`,
    `Keys: ${total(digest.keys)}. Certificates: ${total(digest.certificates)}.`,
    counts.length > 0 ? `Non-compliant: ${counts.join("; ")}` : "Nothing non-compliant.",
    `Changes since the last report: ${digest.changes.length}${
      digest.changes.length
        ? ` (${digest.changes
            .slice(0, 10)
            .map((c) => `${c.transition} ${c.ruleId} ${c.resourceArn.split("/").pop()}`)
            .join("; ")}${digest.changes.length > 10 ? "; ..." : ""})`
        : ""
    }`,
    `Exempt: ${digest.exempt}. Lapsed exemptions: ${digest.lapsedExemptions.length}. Unreadable: ${digest.unreadable.length}${digest.unreadable.length ? ` (${[...new Set(digest.unreadable.map((u) => u.code))].join(", ")})` : ""}.`,
  ];
}

/** A channel that can carry the sweep digest (SNS and Slack do). */
export interface DigestSender {
  name: string;
  sendDigest(digest: Digest): Promise<void>;
}
