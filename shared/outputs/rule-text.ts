import { RULES } from "../rules";

/** Where each rule is documented: the rule catalogue, one anchor per rule id. */
export const RULE_DOCUMENTATION = "https://keysentry.dev/rules";

export interface RuleText {
  title: string;
  description: string;
  url: string;
}

/**
 * The words a machine format carries for a rule: its title, description and documentation link.
 * A rule this version does not know (a finding written by a newer one) is named by its id.
 */
export function ruleText(ruleId: string): RuleText {
  const rule = RULES.find((r) => r.id === ruleId);
  return {
    title: rule?.title ?? ruleId,
    description: rule?.description ?? `keysentry rule ${ruleId}`,
    url: `${RULE_DOCUMENTATION}#${encodeURIComponent(ruleId)}`,
  };
}

/** Cuts text to a field's limit, marking the cut. */
export function clipped(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}
