export { authorityIdentity, listedPendingAuthority, pendingAuthority } from "./authority-resource";
export { type EvaluationOptions, evaluateSnapshot, type FacetLoader } from "./evaluate";
export {
  applyExemptions,
  DEFAULT_EXEMPTION_TAGS,
  describeExemption,
  type ExemptionSource,
  type ExemptionTags,
  exemptionFor,
  exemptionSource,
} from "./exemptions";
export {
  errorFinding,
  goneFinding,
  identityOf,
  notApplicableFinding,
  type ResourceIdentity,
  verdictFinding,
} from "./findings";
export {
  listPendingAuthorities,
  listPendingCertificates,
  listPendingKeys,
  pendingKeysInCustomKeyStore,
} from "./listing";
export { identityFor, pendingResource, ReaderMissingError } from "./pending";
export { EVERY_FAMILY, REGION_WIDE, type ReadScope, readActions, readOnlyPolicy } from "./permissions";
export {
  certificateIdentity,
  keyIdentity,
  listedPendingCertificate,
  type Outcome,
  type PendingKeyOptions,
  type PendingResource,
  type PendingResourceOptions,
  pendingCertificate,
  pendingKey,
  type Readers,
  type Settled,
  settle,
} from "./resource";
export { type ResourceTally, type ScanOptions, type ScanProgress, type ScanResult, scanRegion } from "./scan";
export { judging, sweepRun, type TurnPolicy } from "./turns";
