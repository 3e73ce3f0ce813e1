export {
  type ActionResult,
  type Alert,
  alertSubject,
  alertText,
  type Notifier,
  type PolicyChange,
  policyChangeParts,
  resolvedBy,
  type Ticketer,
} from "./alert";
export { consoleLink } from "./console-link";
export { type DispatchOptions, dispatch } from "./dispatcher";
export { POLICY_CHANGE_NOTICE } from "./policy-notice";
export { RemediationBudget } from "./remediation-budget";
// Types only: the remediations themselves load on first use (import shared/actions/remediations.ts for the registry).
export type { KeyActuator, PriorKeyState } from "./remediations";
export {
  evidenceHash,
  findingKey,
  MemoryStateStore,
  NEWSWORTHY,
  type NotifiedState,
  notifiedState,
  type RememberedPolicy,
  type StateStore,
  type Transition,
  transition,
} from "./state-store";
export type { RemediationTools } from "./verify";
