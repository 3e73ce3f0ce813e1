import { EVENT_SOURCES, type EventPattern } from "../shared/events/sources";
import { code, generatedSection, table, withSection } from "./markdown";

export const EVENT_SOURCES_TABLE = generatedSection("event sources", "shared/events/sources.ts");

/** An EventBridge matcher: a value, or a content filter such as `{ exists: false }`. */
function matcher(value: unknown): string {
  if (typeof value === "object" && value !== null && "exists" in value && Object.keys(value).length === 1)
    return value.exists ? "present" : "absent";
  return code(typeof value === "string" ? value : JSON.stringify(value));
}

/** The deploying account, as the docs show it: the stack passes CloudFormation's own. */
const DEPLOYING_ACCOUNT = "AWS::AccountId";

/** A pattern as its conditions, one per field: `detail.eventName: PutKeyPolicy, CreateKey`. */
export function patternConditions(pattern: EventPattern, prefix = ""): string[] {
  return Object.entries(pattern).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (key === "$or" && Array.isArray(value)) {
      const alternatives = value.map((v) => patternConditions(v as EventPattern, prefix).join(" and "));
      return [`any of (${alternatives.join(") or (")})`];
    }
    if (Array.isArray(value)) return [`${path}: ${value.map(matcher).join(", ")}`];
    if (typeof value === "object" && value !== null) return patternConditions(value as EventPattern, path);
    return [`${path}: ${matcher(value)}`];
  });
}

/** The event sources table of docs/events.md, from the event source registry. */
export function eventSourcesMarkdown(): string {
  return table(
    [
      "function",
      "envelope sources",
      "EventBridge rules",
      "timeout",
      "reserved concurrency (when `deployment.reservedConcurrency`)",
      "what it does",
    ],
    EVENT_SOURCES.map((source) => [
      code(`functions/${source.functionName}`),
      source.sources.map(code).join(", "),
      Object.entries(source.patterns(DEPLOYING_ACCOUNT))
        .map(([name, pattern]) => `**${name}**: ${patternConditions(pattern).join("; ")}`)
        .join("<br>"),
      `${source.timeoutSeconds} s`,
      String(source.reservedConcurrency),
      source.description,
    ]),
  );
}

/** docs/events.md with its event sources table regenerated. */
export function withEventSources(document: string): string {
  return withSection(document, EVENT_SOURCES_TABLE, eventSourcesMarkdown(), "docs/events.md");
}
