import { facetValue, type KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_TRACKING_START, exampleKey } from "./examples";
import { awsManagedReason } from "./key-scope";
import { daysUnused, usageEvidence, usagePhrase } from "./last-use";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { addDays, isoDay } from "./time";

const params = z.strictObject({
  /**
   * A key with no successful cryptographic use for this many days is flagged. "Never used" counts
   * from GetKeyLastUsage's TrackingStartDate, not from the key's creation.
   */
  unusedDays: z._default(z.int().check(z.gte(30), z.lte(1095)), 180),
});
type Params = z.infer<typeof params>;

/**
 * The GetKeyLastUsage note: it is not the only sign of dependence, so the advice is to disable and
 * watch CloudTrail for DisabledException before scheduling deletion (KMS API reference, GetKeyLastUsage).
 */
const ADVICE = "disable it and watch CloudTrail for DisabledException before scheduling deletion";

/** Why the rule does not judge this key, or undefined: only enabled customer keys can be in use. */
function outOfScope(key: KeySnapshot): string | undefined {
  const awsManaged = awsManagedReason(key);
  if (awsManaged) return awsManaged;
  const state = key.key.keyState;
  if (state === "Disabled") return "key is already disabled (see kms-key-enabled)";
  if (state === "PendingDeletion" || state === "PendingReplicaDeletion")
    return "key is pending deletion (see kms-not-pending-deletion)";
  if (state !== "Enabled") return `key is ${state}: it cannot be used in that state`;
  return undefined;
}

/** A key younger than the period cannot have gone unused for it: decided without a read. */
const tooYoung = (key: KeySnapshot, p: Params, now: Date) =>
  addDays(key.key.creationDate, p.unusedDays) > now;

export const kmsKeyUnused: Rule<KeySnapshot, Params> = {
  id: "kms-key-unused",
  title: "Customer-managed keys are in use",
  description:
    "An enabled customer-managed key with no successful cryptographic use (GetKeyLastUsage) for the period costs money and widens what an attacker can use. Disable it and watch CloudTrail for DisabledException before scheduling deletion. A key never used counts from when KMS began tracking it.",
  resourceType: "AWS::KMS::Key",
  severity: "LOW",
  evaluatedOn: ["schedule"],
  // KMS answers last use one key at a time, and a key goes unused over months: a weekly look
  // keeps the sweep near its call budget (BENCHMARKS.md) and still flags a key within a week.
  judgedEveryDays: 7,
  permissions: ["kms:DescribeKey", "kms:GetKeyLastUsage"],
  params,
  needs: (key, p, now) => (outOfScope(key) || tooYoung(key, p, now) ? [] : ["lastUsage"]),
  evaluate(key, p, now) {
    const out = outOfScope(key);
    if (out) return notApplicable(out);
    if (tooYoung(key, p, now)) {
      return compliant(
        `created ${isoDay(key.key.creationDate)}: it cannot have gone ${p.unusedDays} days unused yet`,
        { unusedDays: p.unusedDays },
      );
    }
    const usage = facetValue(key.lastUsage, "lastUsage", key.key.keyId);
    const idle = daysUnused(usage, now);
    const evidence = { ...usageEvidence(usage), unusedDays: p.unusedDays };
    if (idle < p.unusedDays) {
      // Never used, but tracked for less than the period: earlier use is only in CloudTrail.
      const judged = usage.last
        ? ""
        : `; judged from ${isoDay(addDays(usage.trackingStartDate, p.unusedDays))}`;
      return compliant(`${usagePhrase(usage, now)}${judged}`, evidence);
    }
    const last = usage.last;
    const what = last
      ? `last used ${isoDay(last.at)}${last.operation ? ` (${last.operation})` : ""}`
      : `no use recorded since KMS began tracking it on ${isoDay(usage.trackingStartDate)}`;
    return nonCompliant(`${what}: ${idle} days unused, past the ${p.unusedDays}-day limit; ${ADVICE}`, {
      evidence,
    });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "an enabled key whose last use was a Decrypt 199 days ago",
  snapshot: exampleKey({
    lastUsage: {
      trackingStartDate: EXAMPLE_TRACKING_START,
      last: {
        at: new Date("2026-05-15T10:12:00Z"),
        operation: "Decrypt",
        cloudTrailEventId: "0e3b7c52-9d14-4f6a-8b2e-5a7c1d9f3e60",
      },
    },
  }),
  // Tracking began in April 2026: a key can be seen unused for 180 days from October.
  now: new Date("2026-12-01T00:00:00Z"),
});
