import { isExempt, SEVERITIES, type Severity } from "../../shared/model";
import { summarize } from "../scan";
import type { SkippedAccount } from "./accounts";
import type { AccountResult } from "./scan";
import { accountLabel } from "./unreadable";

/**
 * Counts the organization's findings as accounts end (the findings themselves are not kept) and
 * keeps one line per account: what the single-account summary says of it, or why it could not
 * be read, or why it was not scanned.
 */
export class OrganizationSummary {
  private readonly lines: string[] = [];
  private readonly bySeverity = new Map<Severity, number>();
  private findings = 0;
  private errors = 0;
  private accounts = 0;
  private unread = 0;

  constructor(
    private readonly ruleCount: number,
    private readonly skipped: readonly SkippedAccount[],
  ) {}

  add({ account, findings, report, failures }: AccountResult): void {
    this.accounts++;
    this.findings += findings.length;
    for (const f of findings) {
      if (isExempt(f)) continue;
      if (f.status === "ERROR") this.errors++;
      if (f.status === "NON_COMPLIANT")
        this.bySeverity.set(f.severity, (this.bySeverity.get(f.severity) ?? 0) + 1);
    }
    const label = accountLabel(account);
    if (!report) {
      this.unread++;
      this.lines.push(`${label}: not read, ${failures[0]?.reason ?? "no region could be read"}`);
      return;
    }
    // The single-account summary's notes (exemption tags read one by one) sit under the account, as its regions' failures do.
    const [line, ...notes] = summarize({ ...report, findings }, this.ruleCount).split("\n");
    this.lines.push(`${label}: ${line}`, ...notes.map((note) => `  ${note}`));
    for (const { region, reason } of failures) this.lines.push(`  ${region}: not read, ${reason}`);
  }

  /** Whether any account could be read at all. */
  get anyRead(): boolean {
    return this.accounts > this.unread;
  }

  /** One line per account, then the skipped ones, then the organization's total. */
  text(): string {
    const severities = [...SEVERITIES]
      .reverse()
      .filter((s) => this.bySeverity.has(s))
      .map((s) => `${this.bySeverity.get(s)} ${s}`)
      .join(", ");
    const nonCompliant = [...this.bySeverity.values()].reduce((sum, n) => sum + n, 0);
    return [
      ...this.lines,
      ...this.skipped.map((s) => `${accountLabel(s)}: ${s.reason}`),
      [
        `${this.accounts} accounts scanned (${this.accounts - this.unread} read, ${this.unread} not read), ${this.skipped.length} skipped:`,
        `${this.findings} findings, ${nonCompliant} non-compliant${severities ? ` (${severities})` : ""}, ${this.errors} errors`,
      ].join(" "),
    ].join("\n");
  }
}
