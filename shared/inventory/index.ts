export { authoritySnapshot, loadAuthorityFacets, loadAuthoritySnapshot } from "./authority-snapshots";
export {
  certificateSnapshotFromSummary,
  loadCertificateFacets,
  loadCertificateSnapshot,
} from "./certificate-snapshots";
export { keysInCustomKeyStore } from "./custom-key-stores";
export { loadKeyFacets, loadKeySnapshot } from "./key-snapshots";
export {
  type CertificateAuthorityReader,
  type CertificateReader,
  INVENTORY_PERMISSIONS,
  type KeyReader,
  type KeyRef,
  ResourceGoneError,
  type TaggedResourceReader,
} from "./ports";
export { readFacet, toReadFailure } from "./read-failure";
