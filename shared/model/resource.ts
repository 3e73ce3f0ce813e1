import type { CertificateFacet, CertificateSnapshot } from "./certificate";
import type { CertificateAuthorityFacet, CertificateAuthoritySnapshot } from "./certificate-authority";
import type { KeyFacet, KeySnapshot } from "./key";

export type Snapshot = KeySnapshot | CertificateSnapshot | CertificateAuthoritySnapshot;

export type FacetOf<S extends Snapshot> = S extends KeySnapshot
  ? KeyFacet
  : S extends CertificateSnapshot
    ? CertificateFacet
    : CertificateAuthorityFacet;

export function resourceIdOf(snapshot: Snapshot): string {
  switch (snapshot.resourceType) {
    case "AWS::KMS::Key":
      return snapshot.key.keyId;
    case "AWS::ACM::Certificate":
      return snapshot.certificate.arn;
    case "AWS::ACMPCA::CertificateAuthority":
      return snapshot.authority.arn;
  }
}

export function resourceArnOf(snapshot: Snapshot): string {
  return snapshot.resourceType === "AWS::KMS::Key" ? snapshot.key.arn : resourceIdOf(snapshot);
}

/** How a person recognises a private CA: its subject's common name and its id. */
export function authorityLabel(arn: string, commonName: string | undefined): string {
  const id = arn.split("/").pop() ?? arn;
  return commonName ? `${commonName} (CA ${id})` : `CA ${id}`;
}

/** How a person recognises the resource: alias and key id, domain and certificate id, or CA name and id. */
export function resourceLabel(snapshot: Snapshot): string {
  if (snapshot.resourceType === "AWS::KMS::Key") {
    const alias = snapshot.aliases[0];
    return alias ? `${alias} (${snapshot.key.keyId})` : `key ${snapshot.key.keyId}`;
  }
  if (snapshot.resourceType === "AWS::ACMPCA::CertificateAuthority") {
    return authorityLabel(snapshot.authority.arn, snapshot.authority.commonName);
  }
  const id = snapshot.certificate.arn.split("/").pop() ?? snapshot.certificate.arn;
  // A search result may name no domain (no common name, no DNS name): the id alone then.
  const { domainName } = snapshot.certificate;
  return domainName ? `${domainName} (certificate ${id})` : `certificate ${id}`;
}

/** account and region from an ARN: arn:partition:service:region:account:resource. */
export function arnLocation(arn: string): { account: string; region: string } {
  const parts = arn.split(":");
  return { region: parts[3] ?? "", account: parts[4] ?? "" };
}
