import type { KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { awsManagedReason } from "./key-scope";
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
});
type Params = z.infer<typeof params>;

export const kmsNotPendingDeletion: Rule<KeySnapshot, Params> = {
  id: "kms-not-pending-deletion",
  title: "Customer-managed keys are not scheduled for deletion",
  description:
    "A key pending deletion destroys every ciphertext it protects when the window ends. Severity rises to CRITICAL in the last days, or at once when the deletion was scheduled with a window shorter than the configured minimum.",
  resourceType: "AWS::KMS::Key",
  severity: "HIGH",
  evaluatedOn: ["change", "schedule"],
  remediation: "cancel-key-deletion",
  permissions: ["kms:DescribeKey"],
  params,
  needs: () => [],
  evaluate(key, p, now) {
    const awsManaged = awsManagedReason(key);
    if (awsManaged) return notApplicable(awsManaged);
    const { keyState, deletionDate, pendingDeletionWindowInDays } = key.key;
    if (keyState === "PendingDeletion") {
      const requested = key.event?.requestedDeletionWindowDays;
      const shortWindow = requested !== undefined && requested < p.minimumWindowDays;
      const evidence = { keyState, deletionDate: deletionDate?.toISOString() };
      // Only the ScheduleKeyDeletion event knows the requested window: it raises the alarm, not the alert's identity.
      const eventEvidence = requested === undefined ? undefined : { requestedWindowDays: requested };
      if (!deletionDate)
        return nonCompliant("scheduled for deletion", {
          severity: shortWindow ? "CRITICAL" : undefined,
          evidence,
          eventEvidence,
        });
      const daysLeft = Math.max(0, daysUntil(deletionDate, now));
      const window = shortWindow
        ? ` with a ${requested}-day window, below the ${p.minimumWindowDays}-day minimum,`
        : "";
      return nonCompliant(
        `scheduled for deletion${window} on ${isoDay(deletionDate)} (${daysLeft} days left); CancelKeyDeletion stops it`,
        {
          severity: shortWindow || daysLeft <= p.criticalWithinDays ? "CRITICAL" : "HIGH",
          evidence: { ...evidence, daysLeft },
          eventEvidence,
        },
      );
    }
    if (keyState === "PendingReplicaDeletion") {
      const short =
        pendingDeletionWindowInDays !== undefined && pendingDeletionWindowInDays < p.minimumWindowDays;
      return nonCompliant(
        `multi-Region primary scheduled for deletion once its replicas are deleted (window ${pendingDeletionWindowInDays ?? "?"} days)`,
        {
          severity: short ? "CRITICAL" : "HIGH",
          evidence: { keyState, pendingDeletionWindowInDays, minimumWindowDays: p.minimumWindowDays },
        },
      );
    }
    return compliant("not scheduled for deletion", { keyState });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "a key that will be deleted in 5 days",
  snapshot: exampleKey({
    key: { keyState: "PendingDeletion", deletionDate: new Date("2026-06-06T00:00:00Z") },
  }),
  now: EXAMPLE_NOW,
});
