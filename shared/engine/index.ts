export { evaluateSnapshot, type FacetLoader } from "./evaluate";
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
export { listCertificateSubjects, listKeySubjects } from "./listing";
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
  type SubjectOptions,
  settle,
} from "./resource";
export { type ResourceTally, type ScanOptions, type ScanProgress, type ScanResult, scanRegion } from "./scan";
