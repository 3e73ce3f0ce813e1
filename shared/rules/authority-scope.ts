import type { CertificateAuthoritySnapshot, CertificateAuthorityStatus } from "../model";

const KNOWN_STATUSES: readonly string[] = [
  "CREATING",
  "PENDING_CERTIFICATE",
  "ACTIVE",
  "DELETED",
  "DISABLED",
  "EXPIRED",
  "FAILED",
] satisfies readonly CertificateAuthorityStatus[];

/** Why no rule can judge this CA at all: deleted (restorable for a while), or a status this version does not know. */
export function outOfScopeReason(ca: CertificateAuthoritySnapshot): string | undefined {
  const { status, restorableUntil } = ca.authority;
  if (status === "DELETED")
    return restorableUntil
      ? `CA is deleted (restorable until ${restorableUntil.toISOString().slice(0, 10)})`
      : "CA is deleted";
  if (!KNOWN_STATUSES.includes(status))
    return `CA status ${status} is not known to this version of keysentry`;
  return undefined;
}

/** What kind of CA, in words: "root CA" or "subordinate CA". */
export function kindOf(ca: CertificateAuthoritySnapshot): string {
  return ca.authority.type === "ROOT" ? "root CA" : "subordinate CA";
}
