import { verdictFinding } from "../../shared/engine";
import type { Finding, Snapshot } from "../../shared/model";
import { EXAMPLE_NOW, type Rule } from "../../shared/rules";

/** Runs one rule the way the engine does: parameters through the schema, then evaluate. */
export function run<S extends Snapshot, P>(
  rule: Rule<S, P>,
  snapshot: S,
  params: Record<string, unknown> = {},
  now = EXAMPLE_NOW,
): Finding {
  const parsed = rule.params.parse(params);
  return verdictFinding(rule as never, snapshot, rule.evaluate(snapshot, parsed, now));
}

export function needs<S extends Snapshot, P>(
  rule: Rule<S, P>,
  snapshot: S,
  params: Record<string, unknown> = {},
  now = EXAMPLE_NOW,
) {
  return rule.needs(snapshot, rule.params.parse(params), now);
}
