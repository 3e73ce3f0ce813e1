import { type Evidence, type Facet, facetValue, type LastUsage } from "../model";
import { DAY_MS, exactDaysUntil, HOUR_MS, isoDay } from "./time";

/** "2 hours ago", "400 days ago": how long since `date`, in words. */
export function ago(date: Date, now: Date): string {
  const ms = Math.max(0, now.getTime() - date.getTime());
  if (ms < HOUR_MS) return "less than an hour ago";
  const [n, unit] = ms < DAY_MS ? [Math.floor(ms / HOUR_MS), "hour"] : [Math.floor(ms / DAY_MS), "day"];
  return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
}

/** Whole days without use: since the last use, or since KMS began tracking when none is recorded. */
export function daysUnused(usage: LastUsage, now: Date): number {
  const since = usage.last?.at ?? usage.trackingStartDate;
  return Math.max(0, Math.floor(exactDaysUntil(now, since)));
}

/** Stable facts only (no counters): a key that cannot be used keeps its last use, so its alert keeps its identity. */
export function usageEvidence(usage: LastUsage): Evidence {
  return usage.last
    ? {
        lastUsedAt: usage.last.at.toISOString(),
        lastOperation: usage.last.operation,
        cloudTrailEventId: usage.last.cloudTrailEventId,
      }
    : { lastUsedAt: null, trackingStartDate: usage.trackingStartDate.toISOString() };
}

/** An event id's first characters find it in CloudTrail; the whole id is in the evidence (annotations hold 256 characters). */
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/** "last used 2 hours ago (Decrypt, CloudTrail event 1ec05806…)", or that no use is on record. */
export function usagePhrase(usage: LastUsage, now: Date): string {
  const last = usage.last;
  if (!last) return `no use recorded since KMS began tracking it on ${isoDay(usage.trackingStartDate)}`;
  const what = [
    last.operation,
    last.cloudTrailEventId && `CloudTrail event ${shortId(last.cloudTrailEventId)}`,
  ]
    .filter(Boolean)
    .join(", ");
  return `last used ${ago(last.at, now)}${what ? ` (${what})` : ""}`;
}

/**
 * What the last use of a key about to become unusable (disabled, pending deletion) adds to its
 * finding: a phrase, the evidence, and whether it was used within `recentDays` (something still
 * depends on it). A failed read is said, never turned into the rule's ERROR: the key's state is
 * the finding, its last use the context.
 */
export function recentUse(
  facet: Facet<LastUsage>,
  keyId: string,
  recentDays: number,
  now: Date,
): { phrase: string; evidence: Evidence; recent: boolean } {
  if (facet.state === "failed") {
    const { operation, code } = facet.failure;
    return {
      phrase: `last use unknown (${operation}: ${code})`,
      evidence: { lastUsage: code },
      recent: false,
    };
  }
  const usage = facetValue(facet, "lastUsage", keyId);
  const recent = usage.last !== undefined && daysUnused(usage, now) < recentDays;
  const phrase = usagePhrase(usage, now);
  return {
    phrase: recent ? `${phrase}: something still depends on it` : phrase,
    evidence: usageEvidence(usage),
    recent,
  };
}
