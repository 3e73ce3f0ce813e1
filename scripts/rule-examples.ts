import type { AnyRule, RuleExample } from "../shared/rules";

/**
 * A rule's documented failing case. Each rule module (shared/rules/<rule-id>.ts) exports it as
 * `example`, apart from the rule, so that no function bundle carries it.
 */
export async function ruleExample(rule: AnyRule): Promise<RuleExample<unknown>> {
  const module = (await import(`../shared/rules/${rule.id}.ts`)) as { example?: () => RuleExample<unknown> };
  if (!module.example) throw new Error(`shared/rules/${rule.id}.ts exports no example`);
  return module.example();
}
