import type { KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { awsManagedReason } from "./key-scope";
import { recentUse } from "./last-use";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { daysUntil, isoDay } from "./time";

/** KMS deletion waiting periods run from 7 to 30 days (KMS API reference, ScheduleKeyDeletion). */
const params = z.strictObject({
  /**
   * A deletion scheduled with a shorter window is CRITICAL at once. The requested window is known from
   * the ScheduleKeyDeletion event (the sweep cannot see it), so it raises the alert without changing
   * its identity.
   */
  minimumWindowDays: z._default(z.int().check(z.gte(7), z.lte(30)), 30),
  /** A key this many days or fewer from deletion is CRITICAL. */
  criticalWithinDays: z._default(z.int().check(z.gte(1), z.lte(30)), 7),
  /**
   * A key pending deletion that was used (GetKeyLastUsage) within this many days is CRITICAL whatever
   * its window: something still depends on it.
   */
  recentUseDays: z._default(z.int().check(z.gte(1), z.lte(365)), 30),
});
type Params = z.infer<typeof params>;

const pending = (key: KeySnapshot) =>
  key.key.keyState === "PendingDeletion" || key.key.keyState === "PendingReplicaDeletion";

export const kmsNotPendingDeletion: Rule<KeySnapshot, Params> = {
  id: "kms-not-pending-deletion",
  title: "Customer-managed keys are not scheduled for deletion",
  description:
    "A key pending deletion destroys every ciphertext it protects when the window ends. The finding says when the key was last used; severity rises to CRITICAL in the last days, at once when the key was used recently, or when the deletion was scheduled with a window shorter than the configured minimum.",
  resourceType: "AWS::KMS::Key",
  severity: "HIGH",
  evaluatedOn: ["change", "schedule"],
  remediation: "cancel-key-deletion",
  permissions: ["kms:DescribeKey", "kms:GetKeyLastUsage"],
  params,
  // A failed last-use read is said in the finding, not made its ERROR: the deletion is the news.
  needs: (key) => (pending(key) && key.lastUsage.state !== "failed" ? ["lastUsage"] : []),
  evaluate(key, p, now) {
    const awsManaged = awsManagedReason(key);
    if (awsManaged) return notApplicable(awsManaged);
    const { keyState, deletionDate, pendingDeletionWindowInDays } = key.key;
    if (!pending(key)) return compliant("not scheduled for deletion", { keyState });
    const use = recentUse(key.lastUsage, key.key.keyId, p.recentUseDays, now);
    if (keyState === "PendingReplicaDeletion") {
      const short =
        pendingDeletionWindowInDays !== undefined && pendingDeletionWindowInDays < p.minimumWindowDays;
      return nonCompliant(
        `multi-Region primary scheduled for deletion once its replicas are deleted (window ${pendingDeletionWindowInDays ?? "?"} days); ${use.phrase}`,
        {
          severity: short || use.recent ? "CRITICAL" : "HIGH",
          evidence: {
            keyState,
            pendingDeletionWindowInDays,
            minimumWindowDays: p.minimumWindowDays,
            ...use.evidence,
          },
        },
      );
    }
    const requested = key.event?.requestedDeletionWindowDays;
    const shortWindow = requested !== undefined && requested < p.minimumWindowDays;
    const evidence = { keyState, deletionDate: deletionDate?.toISOString(), ...use.evidence };
    // Only the ScheduleKeyDeletion event knows the requested window: it raises the alarm, not the alert's identity.
    const eventEvidence = requested === undefined ? undefined : { requestedWindowDays: requested };
    if (!deletionDate)
      return nonCompliant(`scheduled for deletion; ${use.phrase}`, {
        severity: shortWindow || use.recent ? "CRITICAL" : undefined,
        evidence,
        eventEvidence,
      });
    const daysLeft = Math.max(0, daysUntil(deletionDate, now));
    const window = shortWindow
      ? `, a ${requested}-day window under the ${p.minimumWindowDays}-day minimum`
      : "";
    return nonCompliant(
      `scheduled for deletion in ${daysLeft} days (${isoDay(deletionDate)}${window}); ${use.phrase}; CancelKeyDeletion stops it`,
      {
        severity: shortWindow || use.recent || daysLeft <= p.criticalWithinDays ? "CRITICAL" : "HIGH",
        evidence: { ...evidence, daysLeft },
        eventEvidence,
      },
    );
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "a key that will be deleted in 5 days, though it decrypted something yesterday",
  snapshot: exampleKey({
    key: { keyState: "PendingDeletion", deletionDate: new Date("2026-06-06T00:00:00Z") },
  }),
  now: EXAMPLE_NOW,
});
