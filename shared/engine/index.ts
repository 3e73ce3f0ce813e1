export { evaluateSnapshot, type FacetLoader } from "./evaluate";
export {
  errorFinding,
  goneFinding,
  identityOf,
  notApplicableFinding,
  type ResourceIdentity,
  verdictFinding,
} from "./findings";
export { readActions, readOnlyPolicy } from "./permissions";
export {
  certificateIdentity,
  certificateSubject,
  keyIdentity,
  keySubject,
  listedCertificateSubject,
  type Outcome,
  type Readers,
  type Settled,
  type Subject,
  settle,
} from "./resource";
export { type ResourceTally, type ScanOptions, type ScanProgress, type ScanResult, scanRegion } from "./scan";
