import { type AnyRule, RULES } from "../shared/rules";
import { parseSettings, selectRules } from "../shared/settings";
import * as z from "../shared/zod";
import { type JsonSchema, typeText, valueText } from "./json-schema-text";
import { code, generatedSection, table } from "./markdown";
import { ruleParameterComments } from "./schema-comments";

export const RULE_PARAMETERS = generatedSection("rule parameters", "shared/rules");

/** Values of the global trust settings, looked for in the parameters a rule is given. */
const TRUST_PROBE = { trustedAccounts: ["000011112222"], organizationId: "o-probe00000" };

/**
 * Which top-level setting fills each parameter of a rule that takes the global trust settings:
 * found by reading settings that set them, so the docs say what the code does.
 */
function inheritedFrom(rule: AnyRule): Map<string, string> {
  const inherited = new Map<string, string>();
  if (!rule.usesTrust) return inherited;
  const [selection] = selectRules(parseSettings(TRUST_PROBE), [rule.id]);
  for (const [param, value] of Object.entries((selection?.params ?? {}) as Record<string, unknown>))
    for (const [setting, probe] of Object.entries(TRUST_PROBE)) {
      const marker = JSON.stringify(Array.isArray(probe) ? probe[0] : probe);
      if (JSON.stringify(value).includes(marker)) inherited.set(param, setting);
    }
  if (inherited.size === 0)
    throw new Error(`${rule.id} uses trust, yet no parameter takes the trust settings`);
  return inherited;
}

export interface RuleParameter {
  rule: AnyRule;
  name: string;
  schema: JsonSchema;
  defaultValue: unknown;
  /** The top-level setting it is taken from unless the rule's own parameters set it. */
  inheritedFrom?: string;
  /** The JSDoc comment above it in the rule's `params` (scripts/schema-comments.ts). */
  description: string | undefined;
}

export function ruleParameters(): RuleParameter[] {
  const comments = ruleParameterComments();
  return RULES.flatMap((rule) => {
    const schema = z.toJSONSchema(rule.params, { io: "input" }) as JsonSchema;
    const defaults = rule.params.parse({}) as Record<string, unknown>;
    const inherited = inheritedFrom(rule);
    return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
      rule,
      name,
      schema: property,
      defaultValue: defaults[name],
      inheritedFrom: inherited.get(name),
      description: comments.get(rule.id)?.get(name),
    }));
  });
}

/**
 * The rule parameters table of docs/configuration.md, from each rule's `params` schema and the JSDoc
 * comments above its fields.
 */
export function ruleParametersMarkdown(): string {
  const parameters = ruleParameters();
  return table(
    ["rule", "parameter", "type", "default", "description"],
    parameters.map((parameter, index) => {
      const { rule, name, schema, description } = parameter;
      if (!description)
        throw new Error(
          `${rule.id} parameter ${name} has no description: add a JSDoc comment (/** … */) above it in the rule's params`,
        );
      const first = parameters[index - 1]?.rule !== rule;
      const defaultText = parameter.inheritedFrom
        ? `the top-level ${code(parameter.inheritedFrom)}; set here to override it for this rule`
        : parameter.defaultValue === undefined
          ? "—"
          : valueText(parameter.defaultValue);
      return [first ? code(rule.id) : "", code(name), typeText(schema), defaultText, description];
    }),
  );
}
