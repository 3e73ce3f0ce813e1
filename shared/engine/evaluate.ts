import {
  type Facet,
  FacetNotReadError,
  type Finding,
  isTrouble,
  read,
  resourceArnOf,
  type Snapshot,
  type Tags,
} from "../model";
import type { Verdict } from "../rules";
import type { RuleSelection } from "../settings";
import { applyExemptions, type ExemptionSource } from "./exemptions";
import { errorFinding, identityOf, verdictFinding } from "./findings";
import { judging, type TurnPolicy } from "./turns";

export type FacetLoader<S extends Snapshot> = (snapshot: S, facets: readonly string[]) => Promise<S>;

/** A rule may ask for a facet because of another one (rotation, then its history): a few rounds settle it. */
const MAX_ROUNDS = 3;

function facet(snapshot: Snapshot, name: string): Facet<unknown> {
  return (snapshot as unknown as Record<string, Facet<unknown>>)[name] ?? { state: "unread" };
}

// The registry pairs each rule with snapshots of its own resource type; these erase the pairing.
function needsOf(snapshot: Snapshot, { rule, params }: RuleSelection, now: Date): readonly string[] {
  return (rule.needs as (s: Snapshot, p: unknown, n: Date) => readonly string[])(snapshot, params, now);
}

function verdictOf(snapshot: Snapshot, { rule, params }: RuleSelection, now: Date): Verdict {
  return (rule.evaluate as (s: Snapshot, p: unknown, n: Date) => Verdict)(snapshot, params, now);
}

/** The resource's tags for its exemption: from the bulk read when there is one, else read now. */
async function exemptionTags<S extends Snapshot>(
  snapshot: S,
  source: ExemptionSource,
  load: FacetLoader<S>,
): Promise<Facet<Tags>> {
  if (source.tagged) return read(source.tagged.get(resourceArnOf(snapshot)) ?? {});
  return snapshot.tags.state === "unread" ? (await load(snapshot, ["tags"])).tags : snapshot.tags;
}

export interface EvaluationOptions {
  /** Where trouble learns its exemption; without it findings carry none. */
  exemptions?: ExemptionSource;
  /** How this path judges rules that take turns; without it every rule is judged. */
  turns?: TurnPolicy;
}

/**
 * Reads what the selected rules need, in rounds, then evaluates every rule. A rule whose
 * facet could not be read gets an ERROR finding; the others are decided normally. A rule that
 * takes turns and is not judged here gives no finding. Trouble is then marked with the
 * resource's exemption, when `exemptions` is given. Returns the findings and the snapshot as
 * the rules saw it.
 */
export async function evaluateSnapshot<S extends Snapshot>(
  initial: S,
  selections: readonly RuleSelection[],
  load: FacetLoader<S>,
  now: Date,
  { exemptions, turns }: EvaluationOptions = {},
): Promise<{ snapshot: S; findings: Finding[] }> {
  const arn = resourceArnOf(initial);
  const ofType = selections.filter(({ rule }) => rule.resourceType === initial.resourceType);
  const judged = ofType.filter(({ rule }) => judging(rule, arn, turns) !== "skip");
  // What the other rules read may settle a rule judged only "if-read"; it never asks for a read.
  const reading = judged.filter(({ rule }) => judging(rule, arn, turns) === "judge");
  let snapshot = initial;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const wanted = new Set(reading.flatMap((selection) => needsOf(snapshot, selection, now)));
    const unread = [...wanted].filter((name) => facet(snapshot, name).state === "unread");
    if (unread.length === 0) break;
    snapshot = await load(snapshot, unread);
  }
  const settled = (selection: RuleSelection) =>
    needsOf(snapshot, selection, now).every((name) => facet(snapshot, name).state !== "unread");
  const applicable = judged.filter((selection) => reading.includes(selection) || settled(selection));
  const who = identityOf(snapshot);
  const findings = applicable.map((selection) => {
    for (const name of needsOf(snapshot, selection, now)) {
      const state = facet(snapshot, name);
      if (state.state === "failed") return errorFinding(selection.rule, who, state.failure);
      if (state.state === "unread") throw new FacetNotReadError(name, who.resourceId);
    }
    return verdictFinding(selection.rule, snapshot, verdictOf(snapshot, selection, now));
  });
  if (!exemptions || !findings.some((f) => isTrouble(f.status))) return { snapshot, findings };
  const tags = await exemptionTags(snapshot, exemptions, load);
  return { snapshot, findings: applyExemptions(findings, tags, exemptions.names, now) };
}
