/**
 * Keeps two sweeps of one account and region from running at once: a schedule delivered twice,
 * or fired while a long sweep is still continuing, would otherwise run a second sweep beside the
 * first, with its own remediation cap and its own share of the request quotas (adapter: a
 * conditional write to the state table).
 */
export interface SweepLease {
  /**
   * Takes the lease for `holder` until `until`, unless another holder has it and it has not
   * expired by `now`. True when `holder` has it.
   */
  acquire(holder: string, until: Date, now: Date): Promise<boolean>;
  /** Gives the lease up, if `holder` still has it. */
  release(holder: string): Promise<void>;
}
