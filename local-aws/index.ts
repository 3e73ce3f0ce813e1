export { AcmState, exportOptionOf, issuedAtOf, originOf, renewalEligibilityOf } from "./acm";
export { AcmPcaState } from "./acmpca";
export { AwsError } from "./errors";
export { KmsState, seedMaterials } from "./kms";
export { grantIdOf, type SeedGrant } from "./kms-grants";
export {
  OrganizationState,
  type SeedMemberAccount,
  type SeedOrganization,
  type SeedRole,
} from "./organization";
export {
  rebaseSeed,
  type SeedAccount,
  type SeedCertificate,
  type SeedCertificateAuthority,
  type SeedKey,
  type SeedKeyMaterial,
} from "./seed";
export {
  type CallRecord,
  type Fault,
  type LocalAws,
  type LocalAwsOptions,
  startLocalAws,
} from "./server";
