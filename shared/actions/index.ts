export {
  type ActionResult,
  type Alert,
  alertSubject,
  alertText,
  type Notifier,
  type PolicyChange,
  type Ticketer,
} from "./alert";
export { consoleLink } from "./console-link";
export { type DispatchOptions, dispatch } from "./dispatcher";
export { DEFAULT_EXEMPTION_TAGS, type Exemption, type ExemptionTags, exemptionFor } from "./exemptions";
export {
  type KeyActuator,
  type PriorKeyState,
  REMEDIATIONS,
  type Remediation,
  type RemediationReport,
  remediationFor,
} from "./remediations";
export {
  evidenceHash,
  findingKey,
  isTrouble,
  MemoryStateStore,
  NEWSWORTHY,
  type StateStore,
  type Transition,
  transition,
} from "./state-store";
