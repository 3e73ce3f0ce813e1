import type { Snapshot } from "../../shared/model";
import { factsOf, type ResourceFacts } from "./facts";
import { type ReportInput, renderReport } from "./render";

export type { ResourceFacts } from "./facts";
export { type ReportInput, renderReport } from "./render";

/**
 * `--format html`: keeps what the charts need of each snapshot the scan evaluates (a few
 * numbers, not the snapshot), then renders the page from the findings.
 */
export function htmlReport(now: Date) {
  const facts: ResourceFacts[] = [];
  return {
    onSnapshot: (snapshot: Snapshot) => {
      facts.push(factsOf(snapshot, now));
    },
    render: (scan: Omit<ReportInput, "facts" | "generatedAt">) =>
      renderReport({ ...scan, facts, generatedAt: now }),
  };
}
