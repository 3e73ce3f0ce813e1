import type { EventCause } from "../events";
import type { Finding } from "../model";
import type { GrantClass } from "../policy";
import type { Transition } from "./state-store";

/**
 * What an alert tells: a newsworthy state transition, or `policy-changed`, a key-policy change told
 * on its own when no policy rule alert carries it.
 */
export type AlertTransition = Exclude<Transition, "repeat" | "quiet"> | "policy-changed";

/** What keysentry did about a finding, one entry per action. */
export interface ActionResult {
  action: "alert" | "ticket" | "remediation" | "exemption" | "dedup";
  /** The channel or remediation ("sns", "slack", "enable-key-rotation", ...). */
  target: string;
  ruleId: string;
  resourceArn: string;
  status: "sent" | "failed" | "skipped" | "verified" | "not-verified" | "lapsed";
  /** For people: what was done, or why not. */
  detail: string;
  /** On an `alert`: the transition it told. */
  transition?: AlertTransition;
}

export interface PolicyChange {
  /** False when no earlier policy was recorded: every kind of access beyond this account counts as new. */
  baseline: boolean;
  added: string[];
  removed: string[];
  changed: string[];
  appearedClasses: GrantClass[];
}

/** Everything a notifier or ticketer needs to tell people about one finding. */
export interface Alert {
  transition: AlertTransition;
  finding: Finding;
  cause?: EventCause;
  /** Remediation results, so the message says what keysentry did and whether it verified. */
  actions: ActionResult[];
  /** An exemption tag that has run out, or cannot be read. */
  exemptionNote?: string;
  policyChange?: PolicyChange;
}

export interface Notifier {
  name: string;
  send(alert: Alert): Promise<void>;
}

export interface Ticketer {
  name: string;
  /** Opens or updates the ticket for this finding; returns its id. */
  open(alert: Alert): Promise<string>;
  /** Closes the finding's open ticket, saying what resolved it; returns its id, or undefined when none was open. */
  resolve(alert: Alert): Promise<string | undefined>;
}
