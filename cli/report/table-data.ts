import { consoleLink } from "../../shared/actions";
import { describeExemption } from "../../shared/engine";
import { type Finding, isExempt } from "../../shared/model";
import { sortFindings, splitAnnotation } from "../format";

/** The findings table as the page's script reads it: each resource once, rows pointing at it. */
export interface TableData {
  rules: string[];
  /** label, resource type, region, account, console link */
  resources: [string, string, string, string, string][];
  /** resource index, rule index, status, severity, why (with any exemption note) */
  rows: [number, number, string, string, string][];
}

/** How a person recognises the resource: the annotation names it first, else its id. */
export function labelOf(finding: Finding): string {
  return splitAnnotation(finding.annotation)[0] || finding.resourceId;
}

/** Findings not exempt, worst first (as the table format sorts them). */
export function tableData(findings: readonly Finding[]): TableData {
  const rules: string[] = [];
  const ruleIndex = new Map<string, number>();
  const resources: TableData["resources"] = [];
  const resourceIndex = new Map<string, number>();
  const rows: TableData["rows"] = [];
  for (const f of sortFindings(findings.filter((f) => !isExempt(f)))) {
    let rule = ruleIndex.get(f.ruleId);
    if (rule === undefined) {
      rule = rules.push(f.ruleId) - 1;
      ruleIndex.set(f.ruleId, rule);
    }
    let resource = resourceIndex.get(f.resourceArn);
    if (resource === undefined) {
      resource = resources.push([labelOf(f), f.resourceType, f.region, f.account, consoleLink(f)]) - 1;
      resourceIndex.set(f.resourceArn, resource);
    }
    const why = splitAnnotation(f.annotation)[1];
    rows.push([
      resource,
      rule,
      f.status,
      f.severity,
      f.exemption ? `${why} [${describeExemption(f.exemption)}]` : why,
    ]);
  }
  return { rules, resources, rows };
}
