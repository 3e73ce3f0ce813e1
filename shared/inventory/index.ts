export { authoritySnapshot, loadAuthorityFacets, loadAuthoritySnapshot } from "./authority-snapshots";
export {
  certificateSnapshotFromSummary,
  loadCertificateFacets,
  loadCertificateSnapshot,
} from "./certificate-snapshots";
export { keysInCustomKeyStore } from "./custom-key-stores";
export { loadKeyFacets, loadKeySnapshot } from "./key-snapshots";
export {
  BULK_TAG_READ,
  type CertificateAuthorityReader,
  type CertificateReader,
  FAMILY_READS,
  type FamilyReads,
  type KeyReader,
  type KeyRef,
  ResourceGoneError,
  type TaggedResourceReader,
} from "./ports";
export { readFacet, toReadFailure } from "./read-failure";
