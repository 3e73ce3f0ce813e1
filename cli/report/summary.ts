import { type ComplianceStatus, type Finding, isExempt, SEVERITIES, type Severity } from "../../shared/model";

export interface RuleTally {
  id: string;
  title: string;
  counts: Record<ComplianceStatus, number>;
  exempt: number;
  /** Share of judged findings (compliant, non-compliant, error; not exempt) that comply; undefined when none was judged. */
  score?: number;
}

export interface FindingTally {
  /** Non-compliant findings not exempt, by severity, worst first. */
  bySeverity: { severity: Severity; count: number }[];
  errors: number;
  exempt: number;
  rules: RuleTally[];
}

const noCounts = (): Record<ComplianceStatus, number> => ({
  COMPLIANT: 0,
  NON_COMPLIANT: 0,
  NOT_APPLICABLE: 0,
  ERROR: 0,
});

/** What the report's first screen says: the same counts as the scan's summary line, and each rule's score. */
export function tallyFindings(
  findings: readonly Finding[],
  rules: readonly { id: string; title: string }[],
): FindingTally {
  const bySeverity = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  const byRule = new Map<string, RuleTally>(
    rules.map(({ id, title }) => [id, { id, title, counts: noCounts(), exempt: 0 }]),
  );
  let errors = 0;
  let exempt = 0;
  for (const f of findings) {
    const rule = byRule.get(f.ruleId) ?? { id: f.ruleId, title: f.ruleId, counts: noCounts(), exempt: 0 };
    byRule.set(f.ruleId, rule);
    if (isExempt(f)) {
      exempt++;
      rule.exempt++;
      continue;
    }
    rule.counts[f.status]++;
    if (f.status === "ERROR") errors++;
    if (f.status === "NON_COMPLIANT") bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  }
  for (const rule of byRule.values()) {
    const judged = rule.counts.COMPLIANT + rule.counts.NON_COMPLIANT + rule.counts.ERROR;
    if (judged > 0) rule.score = rule.counts.COMPLIANT / judged;
  }
  return {
    bySeverity: [...SEVERITIES].reverse().map((severity) => ({ severity, count: bySeverity.get(severity)! })),
    errors,
    exempt,
    rules: [...byRule.values()],
  };
}
