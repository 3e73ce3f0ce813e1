import { INVENTORY_PERMISSIONS } from "../inventory";
import type { AnyRule } from "../rules";
import { EXEMPTION_PERMISSIONS } from "./exemptions";

/** The read-only IAM actions a scan with these rules makes: listing, each rule's declared reads, exemption tags. */
export function readActions(rules: readonly AnyRule[]): string[] {
  return [
    ...new Set([
      ...INVENTORY_PERMISSIONS,
      ...rules.flatMap((rule) => rule.permissions),
      ...EXEMPTION_PERMISSIONS,
    ]),
  ].sort();
}

/** An identity policy for running `keysentry scan` with these rules. */
export function readOnlyPolicy(rules: readonly AnyRule[]) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "KeysentryReadOnly",
        Effect: "Allow",
        Action: readActions(rules),
        // List calls cannot be scoped to resources; every other action is a read.
        Resource: "*",
      },
    ],
  };
}
