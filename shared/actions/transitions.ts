import { type Finding, isTrouble, severityRank } from "../model";
import type { NotifiedState, Transition } from "./state-store";

/**
 * The transition from what was last recorded to this finding. A rise in severity is news
 * (the deletion date draws near); a fall is not (a sweep cannot see the short window an event saw).
 */
export function transition(
  previous: NotifiedState | undefined,
  finding: Finding,
  hash: string,
  now: Date,
  windowSeconds: number,
): Transition {
  const wasTrouble = previous !== undefined && isTrouble(previous.status);
  if (!isTrouble(finding.status)) return wasTrouble ? "resolved" : "quiet";
  if (!wasTrouble) return "new";
  if (previous.status !== finding.status || previous.hash !== hash) return "changed";
  if (previous.severity && severityRank(finding.severity) > severityRank(previous.severity)) return "changed";
  return now.getTime() - previous.notifiedAt >= windowSeconds * 1000 ? "reminder" : "repeat";
}

/** What to keep after a newsworthy transition: the severity told stays at its highest while trouble lasts. */
export function notifiedState(
  previous: NotifiedState | undefined,
  finding: Finding,
  hash: string,
  now: Date,
): NotifiedState {
  const before = previous && isTrouble(previous.status) ? previous.severity : undefined;
  const severity =
    before && severityRank(before) > severityRank(finding.severity) ? before : finding.severity;
  return { status: finding.status, hash, severity, notifiedAt: now.getTime() };
}
