import { BULK_TAG_READ, FAMILY_READS } from "../inventory";
import type { ResourceType } from "../model";
import type { AnyRule } from "../rules";

/** Which resources a caller reads, and how it learns their exemption tags. */
export interface ReadScope {
  resourceTypes: readonly ResourceType[];
  /**
   * Region-wide passes (scan, sweep, Config's periodic runs) read every exempt resource's tags
   * at once; event paths read one resource's own tags only.
   */
  bulkTags: boolean;
}

/** Every family, with the bulk tag read: what `keysentry scan` and the sweep do. */
export const EVERY_FAMILY: ReadScope = {
  resourceTypes: Object.keys(FAMILY_READS) as ResourceType[],
  bulkTags: true,
};

/**
 * The read-only IAM actions a caller with this scope makes with these rules: each family's
 * listing, naming and own-tag reads, the reads its rules declare, and the bulk tag read.
 */
export function readActions(rules: readonly AnyRule[], scope: ReadScope = EVERY_FAMILY): string[] {
  const families = scope.resourceTypes.map((type) => FAMILY_READS[type]);
  return [
    ...new Set([
      ...families.flatMap((family) => [...family.reads, family.tags]),
      ...rules
        .filter((rule) => scope.resourceTypes.includes(rule.resourceType))
        .flatMap((rule) => rule.permissions),
      ...(scope.bulkTags ? [BULK_TAG_READ] : []),
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
