import type { Tags } from "../model";

export interface ExemptionTags {
  /** `all`, or comma-separated rule ids. */
  tag: string;
  /** An ISO date after which the exemption lapses. */
  untilTag: string;
}

export const DEFAULT_EXEMPTION_TAGS: ExemptionTags = {
  tag: "keysentry:exempt",
  untilTag: "keysentry:exempt-until",
};

export type Exemption =
  | { state: "none" }
  | { state: "exempt"; until?: string }
  | { state: "lapsed"; until: string }
  | { state: "invalid"; reason: string };

/** Whether the resource's tags exempt it from a rule, and until when. */
export function exemptionFor(
  tags: Tags,
  ruleId: string,
  now: Date,
  names: ExemptionTags = DEFAULT_EXEMPTION_TAGS,
): Exemption {
  const value = tags[names.tag]?.trim();
  if (!value) return { state: "none" };
  const rules = value.split(",").map((id) => id.trim().toLowerCase());
  if (!rules.includes("all") && !rules.includes(ruleId)) return { state: "none" };
  const until = tags[names.untilTag]?.trim();
  if (!until) return { state: "exempt" };
  const date = new Date(until);
  // A tag nobody can read does not silently exempt forever.
  if (Number.isNaN(date.getTime()))
    return { state: "invalid", reason: `${names.untilTag}="${until}" is not a date` };
  return date.getTime() < now.getTime() ? { state: "lapsed", until } : { state: "exempt", until };
}
