import { createHash } from "node:crypto";
import type { Finding } from "../model";

/** One ticket per (rule, resource): the same string every time the finding comes back. */
export function ticketKey(finding: Pick<Finding, "ruleId" | "resourceArn">): string {
  return `keysentry-${createHash("sha256").update(`${finding.ruleId}|${finding.resourceArn}`).digest("hex").slice(0, 20)}`;
}
