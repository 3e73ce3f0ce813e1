import { type Facet, type Finding, facetValue, type ReadFailure, type Snapshot } from "../model";
import type { RuleSelection } from "../settings";
import { errorFinding, identityOf, verdictFinding } from "./findings";

export type FacetLoader<S extends Snapshot> = (snapshot: S, facets: readonly string[]) => Promise<S>;

/** A rule may ask for a facet because of another one (rotation, then its history): a few rounds settle it. */
const MAX_ROUNDS = 3;

function facet(snapshot: Snapshot, name: string): Facet<unknown> {
  return (snapshot as unknown as Record<string, Facet<unknown>>)[name] ?? { state: "unread" };
}

function needsOf(snapshot: Snapshot, { rule, params }: RuleSelection, now: Date): readonly string[] {
  // The registry pairs each rule with snapshots of its own resource type.
  return (rule.needs as (s: Snapshot, p: unknown, n: Date) => readonly string[])(snapshot, params, now);
}

/**
 * Reads what the selected rules need, in rounds, then evaluates every rule. A rule whose
 * facet could not be read gets an ERROR finding; the others are decided normally.
 */
export async function evaluateSnapshot<S extends Snapshot>(
  initial: S,
  selections: readonly RuleSelection[],
  load: FacetLoader<S>,
  now: Date,
): Promise<Finding[]> {
  const applicable = selections.filter(({ rule }) => rule.resourceType === initial.resourceType);
  let snapshot = initial;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const wanted = new Set(applicable.flatMap((selection) => needsOf(snapshot, selection, now)));
    const unread = [...wanted].filter((name) => facet(snapshot, name).state === "unread");
    if (unread.length === 0) break;
    snapshot = await load(snapshot, unread);
  }
  return applicable.map((selection) => {
    const failure = needsOf(snapshot, selection, now)
      .map((name) => facet(snapshot, name))
      .find((f): f is { state: "failed"; failure: ReadFailure } => f.state === "failed");
    if (failure) return errorFinding(selection.rule, identityOf(snapshot), failure.failure);
    for (const name of needsOf(snapshot, selection, now))
      facetValue(facet(snapshot, name), name, identityOf(snapshot).resourceId);
    const evaluate = selection.rule.evaluate as (
      s: Snapshot,
      p: unknown,
      n: Date,
    ) => ReturnType<typeof selection.rule.evaluate>;
    return verdictFinding(selection.rule, snapshot, evaluate(snapshot, selection.params, now));
  });
}
