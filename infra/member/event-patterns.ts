import { EVENT_SOURCES, type EventPattern, type EventSourceDefinition } from "../../shared/events";

/** Every EventBridge pattern keysentry listens with in `account`, by rule name, from the event-source registry. */
export function eventPatterns(account: string): Record<string, EventPattern> {
  return Object.fromEntries(EVENT_SOURCES.flatMap((s) => Object.entries(s.patterns(account))));
}

/** Any account: a pattern's account changes what it matches, never its rule's name. */
const ANY_ACCOUNT = "000000000000";

/** The function each pattern's rule invokes, by rule name. */
export const PATTERN_FUNCTIONS: Readonly<Record<string, EventSourceDefinition["functionName"]>> =
  Object.fromEntries(
    EVENT_SOURCES.flatMap((s) => Object.keys(s.patterns(ANY_ACCOUNT)).map((name) => [name, s.functionName])),
  );
