import type { CertificateFacet, CertificateSnapshot } from "./certificate";
import type { KeyFacet, KeySnapshot } from "./key";

export type Snapshot = KeySnapshot | CertificateSnapshot;

export type FacetOf<S extends Snapshot> = S extends KeySnapshot ? KeyFacet : CertificateFacet;

export function resourceIdOf(snapshot: Snapshot): string {
  return snapshot.resourceType === "AWS::KMS::Key" ? snapshot.key.keyId : snapshot.certificate.arn;
}

export function resourceArnOf(snapshot: Snapshot): string {
  return snapshot.resourceType === "AWS::KMS::Key" ? snapshot.key.arn : snapshot.certificate.arn;
}

/** How a person recognises the resource: alias and key id, or domain and certificate id. */
export function resourceLabel(snapshot: Snapshot): string {
  if (snapshot.resourceType === "AWS::KMS::Key") {
    const alias = snapshot.aliases[0];
    return alias ? `${alias} (${snapshot.key.keyId})` : `key ${snapshot.key.keyId}`;
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
