export type { ActionResult, Alert, AlertTransition, Notifier, PolicyChange, Ticketer } from "./alert";
export { alertSubject, alertText, policyChangeParts, resolvedBy } from "./alert-text";
export { consoleLink } from "./console-link";
export { type DispatchOptions, dispatch } from "./dispatcher";
export { type FindingsDelivery, type FindingsSink, feedSinks, flushSinks } from "./findings-sink";
export { MemoryStateStore } from "./memory-state-store";
export { POLICY_CHANGE_NOTICE } from "./policy-notice";
export { RemediationBudget } from "./remediation-budget";
// Types only: the remediations themselves load on first use (import shared/actions/remediations.ts for the registry).
export type { KeyActuator, PriorKeyState } from "./remediations";
export {
  evidenceHash,
  findingKey,
  NEWSWORTHY,
  type NotifiedState,
  type RememberedPolicy,
  type StateStore,
  type Transition,
} from "./state-store";
export { notifiedState, transition } from "./transitions";
export type { RemediationTools } from "./verify";
