import type { ResourceType, Severity } from "../../shared/model";
import type { KeyDistribution } from "./distributions";
import { escapeHtml } from "./markup";

/** One certificate on the expiry timeline. */
export interface ExpiryPoint {
  resourceType: ResourceType;
  label: string;
  daysToExpiry: number;
  /** The worst open finding on it, which colours the dot; none when nothing needs attention. */
  severity?: Severity;
}

/** The palette class of a severity; `ok` for nothing to fix. */
export function severityClass(severity: Severity | undefined): string {
  return severity ? `sev-${severity.toLowerCase()}` : "ok";
}

const WIDTH = 960;
const LEFT = 150;
const RIGHT = 20;
const ROW = 56;
// Days beyond these ends sit on the edge: a year and a half out, or three months gone, reads the same.
const EARLIEST = -90;
const LATEST = 550;
const TICKS = [-90, -30, 0, 7, 30, 90, 180, 365, 550];
const ROW_NAMES: Partial<Record<ResourceType, string>> = {
  "AWS::ACM::Certificate": "ACM certificates",
  "AWS::ACMPCA::CertificateAuthority": "Private CA certificates",
};

// A log-like scale: the last weeks before expiry get as much room as the year after them.
const stretch = (days: number) => Math.sign(days) * Math.log1p(Math.abs(days) / 7);
const x = (days: number) => {
  const clamped = Math.min(LATEST, Math.max(EARLIEST, days));
  const share = (stretch(clamped) - stretch(EARLIEST)) / (stretch(LATEST) - stretch(EARLIEST));
  return LEFT + share * (WIDTH - LEFT - RIGHT);
};

/** A row per resource type, a dot per certificate at its days to expiry, coloured by its worst finding. */
export function expiryTimeline(points: readonly ExpiryPoint[]): string {
  const types = [...new Set(points.map((p) => p.resourceType))].sort();
  if (types.length === 0) return `<p class="empty">No certificate with an expiry date was scanned.</p>`;
  const height = types.length * ROW + 30;
  const axis = TICKS.map((days) => {
    const at = x(days).toFixed(1);
    const label = days === LATEST ? `${days}+` : days === EARLIEST ? `${days}` : String(days);
    return `<line class="tick${days === 0 ? " now" : ""}" x1="${at}" x2="${at}" y1="0" y2="${height - 24}"/><text class="axis" x="${at}" y="${height - 8}" text-anchor="middle">${label}</text>`;
  }).join("");
  const rows = types.map((type, row) => {
    const top = row * ROW;
    const mine = points.filter((p) => p.resourceType === type);
    const dots = mine.map((p, i) => {
      // Spread dots over the row's height (golden-ratio steps) so close expiries stay visible.
      const y = top + 10 + ((i * 0.618034) % 1) * (ROW - 20);
      const when =
        p.daysToExpiry < 0 ? `expired ${-p.daysToExpiry} days ago` : `expires in ${p.daysToExpiry} days`;
      return `<circle class="dot ${severityClass(p.severity)}" cx="${x(p.daysToExpiry).toFixed(1)}" cy="${y.toFixed(1)}" r="5"><title>${escapeHtml(p.label)}: ${when}</title></circle>`;
    });
    const name = ROW_NAMES[type] ?? type;
    return `<text class="row-name" x="0" y="${top + ROW / 2 + 4}">${escapeHtml(name)} (${mine.length})</text><line class="row-rule" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${top + ROW}" y2="${top + ROW}"/>${dots.join("")}`;
  });
  return `<svg class="chart timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Certificates by days to expiry">${axis}${rows.join("")}<text class="axis" x="${LEFT}" y="${height - 8}" text-anchor="end" dx="-40">days to expiry</text></svg>`;
}

/** Vertical bars with their counts above them; `tone` is a class of the report's palette. */
export function barChart(
  buckets: readonly { label: string; count: number; tone: string }[],
  title: string,
): string {
  const width = 460;
  const height = 220;
  const base = 180;
  const slot = (width - 20) / buckets.length;
  const most = Math.max(1, ...buckets.map((b) => b.count));
  const bars = buckets.map((b, i) => {
    const h = (b.count / most) * (base - 30);
    const left = 10 + i * slot + slot * 0.15;
    const mid = 10 + i * slot + slot / 2;
    return `<rect class="bar ${b.tone}" x="${left.toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeHtml(b.label)}: ${b.count}</title></rect><text class="count" x="${mid.toFixed(1)}" y="${(base - h - 6).toFixed(1)}" text-anchor="middle">${b.count}</text><text class="axis" x="${mid.toFixed(1)}" y="${base + 18}" text-anchor="middle">${escapeHtml(b.label)}</text>`;
  });
  return `<svg class="chart bars" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}"><line class="row-rule" x1="10" x2="${width - 10}" y1="${base}" y2="${base}"/>${bars.join("")}</svg>`;
}

/** A key chart's bars, and how many keys they cover: a rule that did not need a fact did not read it. */
export function keyChart({ buckets, covered, keys }: KeyDistribution, title: string, fact: string): string {
  if (keys === 0) return `<p class="empty">No customer-managed key was scanned.</p>`;
  const note =
    covered === keys
      ? `all ${keys} customer-managed keys`
      : `${covered} of ${keys} customer-managed keys; the selected rules did not need the ${fact} of the others`;
  return `${barChart(buckets, title)}<p class="hint coverage">${escapeHtml(note)}</p>`;
}
