import type { GrantConstraints } from "./grant";

/** Facts only a triggering event knows. They enrich findings; decisions come from a fresh read. */
export interface EventFacts {
  /** ScheduleKeyDeletion's requested waiting period. */
  requestedDeletionWindowDays?: number;
  /** EnableKeyRotation's requested RotationPeriodInDays. */
  requestedRotationPeriodDays?: number;
  /** PutKeyPolicy's submitted policy document, as sent. */
  submittedPolicy?: string;
  /** CreateGrant's request: the grant this call made, as the caller asked for it. */
  createdGrant?: {
    grantId?: string;
    grantee?: string;
    retiring?: string;
    operations: string[];
    constraints: GrantConstraints;
  };
  /** ACM's own count in expiry events. */
  daysToExpiry?: number;
  /** The event was an ExportCertificate call: the private key has just left ACM. */
  certificateExported?: true;
  /** The event was a RenewCertificate call or an ACM renewal event: a new certificate and key. */
  certificateRenewed?: true;
}
