import { EVENT_SOURCES, type EventSourceDefinition } from "../../shared/events";

/** Every EventBridge pattern keysentry listens with, by rule name, from the event-source registry. */
export const EVENT_PATTERNS = Object.fromEntries(EVENT_SOURCES.flatMap((s) => Object.entries(s.patterns)));

export type PatternName = keyof typeof EVENT_PATTERNS;

/** The function each pattern's rule invokes. */
export const PATTERN_FUNCTIONS: Readonly<Record<PatternName, EventSourceDefinition["functionName"]>> =
  Object.fromEntries(
    EVENT_SOURCES.flatMap((s) => Object.keys(s.patterns).map((name) => [name, s.functionName])),
  );
