import { printable } from "../printable";
import type { Check } from "./check";

export const PREFLIGHT_FORMATS = ["table", "json"] as const;
export type PreflightFormat = (typeof PREFLIGHT_FORMATS)[number];

const STATUS = { ok: "ok", warn: "WARN", fail: "FAIL" } as const;

function table(checks: readonly Check[]): string {
  const rows = checks.map((c) => [c.id, c.region ?? "-", STATUS[c.status], printable(c.message)]);
  const header = ["CHECK", "REGION", "STATUS", "MESSAGE"];
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    [...cells.slice(0, 3).map((c, i) => c.padEnd(widths[i]!)), cells[3]].join("  ");
  const count = (status: Check["status"]) => checks.filter((c) => c.status === status).length;
  const failed = count("fail");
  const summary = `\n${failed} failed, ${count("warn")} to look at, ${count("ok")} ok${failed > 0 ? ": fix what failed before deploying" : ""}`;
  return [line(header), ...rows.map(line)].join("\n") + summary;
}

/** `{"checks": [...]}`: each check with its id, region (none for the settings), status and message. */
export function formatChecks(checks: readonly Check[], format: PreflightFormat): string {
  if (format === "table") return table(checks);
  return JSON.stringify({ checks: checks.map((c) => ({ ...c, message: printable(c.message) })) }, null, 2);
}
