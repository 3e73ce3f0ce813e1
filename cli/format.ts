import { describeExemption } from "../shared/engine";
import {
  atLeast,
  type Finding,
  isExempt,
  needsAttention,
  type Severity,
  severityRank,
} from "../shared/model";

export const FORMATS = ["table", "json", "csv"] as const;
export type Format = (typeof FORMATS)[number];

const STATUS_ORDER = { ERROR: 0, NON_COMPLIANT: 1, COMPLIANT: 2, NOT_APPLICABLE: 3 } as const;

/** Worst first: errors and non-compliant findings by severity, then exempt ones, then the rest. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(isExempt(a)) - Number(isExempt(b)) ||
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      severityRank(b.severity) - severityRank(a.severity) ||
      a.annotation.localeCompare(b.annotation) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

/** The annotation names the resource first ("alias/x (id): why"). */
export function splitAnnotation(annotation: string): [resource: string, why: string] {
  const at = annotation.indexOf(": ");
  return at < 0 ? ["", annotation] : [annotation.slice(0, at), annotation.slice(at + 2)];
}

function fitCell(text: string, width: number): string {
  if (text.length <= width) return Number.isFinite(width) ? text.padEnd(width) : text;
  return `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** `EXEMPT until 2027-06-30` for a finding its tags exempt; the evaluated status otherwise. */
function statusOf(finding: Finding): string {
  if (!isExempt(finding)) return finding.status;
  return `EXEMPT${finding.exemption?.until ? ` until ${finding.exemption.until}` : ""}`;
}

/** Why, followed by the exemption's reason (or why an exemption does not hold). */
function exemptionNote(finding: Finding, why: string): string {
  return finding.exemption ? `${why} [${describeExemption(finding.exemption)}]` : why;
}

/** Fits the terminal when there is one; piped output keeps every character. */
export function formatTable(findings: readonly Finding[], width?: number): string {
  const rows = sortFindings(findings).map((f) => {
    const [resource, why] = splitAnnotation(f.annotation);
    return [resource, f.ruleId, statusOf(f), f.severity, exemptionNote(f, why)];
  });
  const header = ["RESOURCE", "RULE", "STATUS", "SEVERITY", "WHY"];
  const widest = (i: number) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length));
  const widths = header.slice(0, 4).map((_, i) => (width && i === 0 ? Math.min(48, widest(i)) : widest(i)));
  const used = widths.reduce((sum, w) => sum + w + 2, 0);
  const whyWidth = width ? Math.max(30, width - used) : Number.POSITIVE_INFINITY;
  const line = (cells: string[]) =>
    [...cells.slice(0, 4).map((c, i) => fitCell(c, widths[i]!)), fitCell(cells[4]!, whyWidth).trimEnd()].join(
      "  ",
    );
  return [line(header), ...rows.map(line)].join("\n");
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatCsv(findings: readonly Finding[]): string {
  const header = [
    "ruleId",
    "resourceType",
    "resourceId",
    "resourceArn",
    "account",
    "region",
    "status",
    "severity",
    "annotation",
  ] as const;
  const rows = findings.map((f) =>
    [
      ...header.map((k) => String(f[k])),
      f.exemption ? `${f.exemption.state}: ${describeExemption(f.exemption)}` : "",
    ]
      .map(csvCell)
      .join(","),
  );
  return [[...header, "exemption"].join(","), ...rows].join("\n");
}

export function formatFindings(findings: readonly Finding[], format: Format, width?: number): string {
  if (format === "json") return JSON.stringify(findings, null, 2);
  if (format === "csv") return formatCsv(findings);
  return formatTable(findings, width);
}

/** Findings that should fail a pipeline: non-compliant or unreadable, not exempt, at or above the threshold. */
export function failing(findings: readonly Finding[], threshold: Severity): Finding[] {
  return findings.filter((f) => needsAttention(f) && atLeast(f.severity, threshold));
}
