/** A run's allowance of remediations: the sweep's cap, so one settings mistake cannot rewrite a whole account at once. */
export class RemediationBudget {
  private used = 0;

  constructor(readonly cap: number) {}

  /** Takes one remediation from the allowance; false once it is spent. */
  take(): boolean {
    if (this.used >= this.cap) return false;
    this.used++;
    return true;
  }
}
