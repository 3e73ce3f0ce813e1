import { readFileSync } from "node:fs";
import { describeExemption } from "../../shared/engine";
import {
  type Finding,
  isExempt,
  needsAttention,
  type ResourceType,
  type Severity,
  severityRank,
} from "../../shared/model";
import { barChart, type ExpiryPoint, expiryTimeline, keyChart, severityClass } from "./charts";
import { lastUse, rotationAge } from "./distributions";
import type { ResourceFacts } from "./facts";
import { escapeHtml, scriptJson } from "./markup";
import { type FindingTally, tallyFindings } from "./summary";
import { labelOf, tableData } from "./table-data";

export interface ReportInput {
  findings: readonly Finding[];
  /** What the scan's snapshots say of each resource it read. */
  facts: readonly ResourceFacts[];
  /** The rules that ran, in registry order. */
  rules: readonly { id: string; title: string }[];
  regions: readonly string[];
  /** When the scan ran: every "days" on the page counts from here. */
  generatedAt: Date;
}

/** The template, styles and script are files of their own, inlined into every report. */
function asset(name: string): string {
  return readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");
}

const TYPE_NAMES: Record<ResourceType, [one: string, many: string]> = {
  "AWS::KMS::Key": ["key", "keys"],
  "AWS::ACM::Certificate": ["certificate", "certificates"],
  "AWS::ACMPCA::CertificateAuthority": ["private CA", "private CAs"],
};

function resourceCounts(findings: readonly Finding[]): string {
  const byType = new Map<ResourceType, Set<string>>();
  for (const f of findings) {
    const arns = byType.get(f.resourceType) ?? new Set<string>();
    arns.add(f.resourceArn);
    byType.set(f.resourceType, arns);
  }
  const parts = [...byType].map(([type, arns]) => {
    const [one, many] = TYPE_NAMES[type] ?? [type, type];
    return `${arns.size} ${arns.size === 1 ? one : many}`;
  });
  return parts.length > 0 ? parts.join(", ") : "no resources";
}

function cards(tally: FindingTally): string {
  const severity = tally.bySeverity.map(
    ({ severity, count }) =>
      `<div class="card ${severityClass(severity)}" data-severity="${severity}"><span class="count">${count}</span><span class="name">${severity}</span></div>`,
  );
  return [
    ...severity,
    `<div class="card error" data-status="ERROR"><span class="count">${tally.errors}</span><span class="name">errors</span></div>`,
    `<div class="card exempt" data-status="EXEMPT"><span class="count">${tally.exempt}</span><span class="name">exempt</span></div>`,
  ].join("");
}

function ruleRows(tally: FindingTally): string {
  return tally.rules
    .map((r) => {
      const score =
        r.score === undefined
          ? `<td class="score" data-score="">—</td>`
          : `<td class="score" data-score="${r.score.toFixed(3)}"><span class="meter"><span style="width:${(r.score * 100).toFixed(1)}%"></span></span>${Math.floor(r.score * 100)}%</td>`;
      return `<tr data-rule="${escapeHtml(r.id)}"><td><code>${escapeHtml(r.id)}</code><div class="title">${escapeHtml(r.title)}</div></td><td class="num">${r.counts.NON_COMPLIANT}</td><td class="num">${r.counts.ERROR}</td><td class="num">${r.exempt}</td><td class="num">${r.counts.COMPLIANT}</td><td class="num">${r.counts.NOT_APPLICABLE}</td>${score}</tr>`;
    })
    .join("");
}

/** Label and worst open severity of each resource, for the timeline's dots. */
function expiryPoints(findings: readonly Finding[], facts: readonly ResourceFacts[]): ExpiryPoint[] {
  const seen = new Map<string, { label: string; severity?: Severity }>();
  for (const f of findings) {
    const entry = seen.get(f.resourceArn) ?? { label: labelOf(f) };
    if (needsAttention(f) && (!entry.severity || severityRank(f.severity) > severityRank(entry.severity)))
      entry.severity = f.severity;
    seen.set(f.resourceArn, entry);
  }
  return facts.flatMap((fact) => {
    if (fact.daysToExpiry === undefined) return [];
    const entry = seen.get(fact.arn);
    const label = entry?.label ?? fact.arn.split("/").pop() ?? fact.arn;
    return [
      { resourceType: fact.resourceType, label, daysToExpiry: fact.daysToExpiry, severity: entry?.severity },
    ];
  });
}

/** Certificates not issued (pending validation, failed) carry no validity: said, not drawn. */
function undated(facts: readonly ResourceFacts[]): string {
  const count = facts.filter(
    (f) => f.resourceType !== "AWS::KMS::Key" && f.daysToExpiry === undefined,
  ).length;
  if (count === 0) return "";
  return `<p class="hint" id="undated"><span class="count">${count}</span> certificate${count === 1 ? " has" : "s have"} no expiry date (not issued: pending validation, failed or timed out).</p>`;
}

function exemptRows(findings: readonly Finding[]): string {
  // The exemption ending soonest first: that is the next one someone must look at again.
  const ending = (f: Finding) => f.exemption?.until ?? "9999";
  return findings
    .filter(isExempt)
    .sort((a, b) => ending(a).localeCompare(ending(b)) || severityRank(b.severity) - severityRank(a.severity))
    .map((f) => {
      const until = f.exemption?.until ?? "no expiry";
      const reason = f.exemption ? describeExemption(f.exemption) : "";
      return `<tr><td>${escapeHtml(labelOf(f))}</td><td><code>${escapeHtml(f.ruleId)}</code></td><td>${f.status}</td><td><span class="sev ${severityClass(f.severity)}">${f.severity}</span></td><td class="until">${escapeHtml(until)}</td><td>${escapeHtml(reason)}</td></tr>`;
    })
    .join("");
}

/** One self-contained HTML page: styles, script, charts (inline SVG) and data inline; it requests nothing. */
export function renderReport(input: ReportInput): string {
  const { findings, facts, generatedAt } = input;
  const tally = tallyFindings(findings, input.rules);
  const accounts = [...new Set(findings.map((f) => f.account))].sort();
  const severityBars = [
    ...tally.bySeverity.map(({ severity, count }) => ({
      label: severity,
      count,
      tone: severityClass(severity),
    })),
    { label: "ERROR", count: tally.errors, tone: "error" },
  ];
  const fill: Record<string, string> = {
    style: `<style>${asset("report.css")}</style>`,
    scripts: `<script type="application/json" id="report-data">${scriptJson(tableData(findings))}</script><script>${asset("report.js")}</script>`,
    accounts: escapeHtml(accounts.join(", ") || "—"),
    regions: escapeHtml(input.regions.join(", ")),
    generated: generatedAt.toISOString().replace("T", " ").slice(0, 16),
    resources: escapeHtml(resourceCounts(findings)),
    findingCount: String(findings.length),
    cards: cards(tally),
    timeline: expiryTimeline(expiryPoints(findings, facts)) + undated(facts),
    rotation: keyChart(rotationAge(facts), "Customer-managed keys by rotation age", "rotation history"),
    lastUse: keyChart(lastUse(facts), "Customer-managed keys by last use", "last use"),
    severities: barChart(severityBars, "Open findings by severity"),
    rules: ruleRows(tally),
    exempt: exemptRows(findings) || `<tr><td colspan="6" class="empty">No finding is exempt.</td></tr>`,
  };
  // Our own template's placeholders, filled with escaped text or markup built above.
  return asset("report.html").replace(
    /(?:<!--)?\{\{(\w+)\}\}(?:-->)?/g,
    (_, name: string) => fill[name] ?? "",
  );
}
