import { BULK_TAG_READ, FAMILY_READS } from "../inventory";
import type { ResourceType } from "../model";
import type { AnyRule } from "../rules";

/** Which resources a caller reads, and how it finds them. */
export interface ReadScope {
  resourceTypes: readonly ResourceType[];
  /** Resources an event or a Config change names, read one by one, each with its own tags. */
  byName: boolean;
  /**
   * Every resource of the region (scan, sweep, Config's periodic runs): listed, with every
   * exempt resource's tags in one bulk read, and a troubled resource's own tags when that fails.
   */
  regionWide: boolean;
  /** Families listed to find what an event names indirectly (a custom key store's keys), beside `byName`. */
  listed?: readonly ResourceType[];
}

/** Every family, both ways: what `keysentry scan` and `keysentry replay` do. */
export const EVERY_FAMILY: ReadScope = {
  resourceTypes: Object.keys(FAMILY_READS) as ResourceType[],
  byName: true,
  regionWide: true,
};

/** Every resource of the region, never one by name: the sweep and `scan --organization`. */
export const REGION_WIDE: ReadScope = { ...EVERY_FAMILY, byName: false };

/**
 * The read-only IAM actions a caller with this scope makes with these rules: its families'
 * reads, their own-tag reads, the reads its rules declare, and the bulk tag read. A caller that
 * never lists is not granted the listing calls its rules declare for `scan`.
 */
export function readActions(rules: readonly AnyRule[], scope: ReadScope = EVERY_FAMILY): string[] {
  const families = scope.resourceTypes.map((type) => FAMILY_READS[type]);
  const byName = new Set(families.flatMap((family) => family.byName));
  const listingOnly = new Set(
    Object.values(FAMILY_READS).flatMap((family) => family.listing.filter((action) => !byName.has(action))),
  );
  const ruleReads = rules
    .filter((rule) => scope.resourceTypes.includes(rule.resourceType))
    .flatMap((rule) => rule.permissions)
    .filter((action) => scope.regionWide || !listingOnly.has(action));
  return [
    ...new Set([
      ...families.flatMap((family) => [
        ...(scope.byName ? family.byName : []),
        ...(scope.regionWide ? family.listing : []),
        family.tags,
      ]),
      ...(scope.listed ?? []).flatMap((type) => FAMILY_READS[type].listing),
      ...ruleReads,
      ...(scope.regionWide ? [BULK_TAG_READ] : []),
    ]),
  ].sort();
}

/** An identity policy for reading with these rules: `keysentry scan` and `replay` unless a scope says less. */
export function readOnlyPolicy(rules: readonly AnyRule[], scope: ReadScope = EVERY_FAMILY) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "KeysentryReadOnly",
        Effect: "Allow",
        Action: readActions(rules, scope),
        // List calls cannot be scoped to resources; every other action is a read.
        Resource: "*",
      },
    ],
  };
}
