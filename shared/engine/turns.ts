const HOUR_MS = 3_600_000;

/**
 * How a path judges the rules that take turns (`Rule.judgedEveryDays`). The sweep judges each
 * resource on its turn; an event judges them only when the other rules' reads settle them.
 * Without a policy (Config's periodic runs, `scan`) every rule judges every resource.
 */
export type TurnPolicy =
  | {
      kind: "sweep";
      /** The sweep's place in the cycle of runs: its start hour divided by its interval. */
      run: number;
      everyHours: number;
    }
  | {
      kind: "event";
      /** The event's name (the API call, or the service event's detail-type). */
      name: string;
    };

/** The turn of a sweep that starts at `startedAt` and runs every `everyHours`. */
export const sweepRun = (startedAt: Date, everyHours: number): number =>
  Math.floor(startedAt.getTime() / (everyHours * HOUR_MS));

// FNV-1a: a cheap, stable spread of resources over the runs of a cycle (ARNs are bounded).
function spread(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

export type Judging = "judge" | "if-read" | "skip";

/** Whether this path judges `rule` on the resource `arn` now. */
export function judging(
  rule: { judgedEveryDays?: number; readsOnEvents?: readonly string[] },
  arn: string,
  policy: TurnPolicy | undefined,
): Judging {
  if (!policy) return "judge";
  if (policy.kind === "event") {
    if (rule.judgedEveryDays) return "if-read";
    return rule.readsOnEvents && !rule.readsOnEvents.includes(policy.name) ? "if-read" : "judge";
  }
  if (!rule.judgedEveryDays) return "judge";
  // Runs per cycle: a sweep every 24 hours judges a 7-day rule for a seventh of the resources.
  const runs = Math.max(1, Math.floor((rule.judgedEveryDays * 24) / policy.everyHours));
  return spread(arn) % runs === policy.run % runs ? "judge" : "skip";
}
