/** Facts only a triggering event knows. They enrich findings; decisions come from a fresh read. */
export interface EventFacts {
  /** ScheduleKeyDeletion's requested waiting period. */
  requestedDeletionWindowDays?: number;
  /** EnableKeyRotation's requested RotationPeriodInDays. */
  requestedRotationPeriodDays?: number;
  /** PutKeyPolicy's submitted policy document, as sent. */
  submittedPolicy?: string;
  /** ACM's own count in expiry events. */
  daysToExpiry?: number;
}
