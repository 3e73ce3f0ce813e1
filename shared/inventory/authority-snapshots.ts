import {
  arnLocation,
  type CertificateAuthorityFacet,
  type CertificateAuthoritySnapshot,
  type CertificateAuthoritySummary,
  UNREAD,
} from "../model";
import type { CertificateAuthorityReader } from "./ports";
import { readFacet } from "./read-failure";

/** A snapshot from the listing's CertificateAuthority: everything but the tags. */
export function authoritySnapshot(summary: CertificateAuthoritySummary): CertificateAuthoritySnapshot {
  return {
    resourceType: "AWS::ACMPCA::CertificateAuthority",
    ...arnLocation(summary.arn),
    authority: summary,
    tags: UNREAD,
  };
}

/** One CA by ARN (events, Config changes): DescribeCertificateAuthority gives what the listing would. */
export async function loadAuthoritySnapshot(
  reader: CertificateAuthorityReader,
  arn: string,
): Promise<CertificateAuthoritySnapshot> {
  return authoritySnapshot(await reader.describeCertificateAuthority(arn));
}

export async function loadAuthorityFacets(
  reader: CertificateAuthorityReader,
  snapshot: CertificateAuthoritySnapshot,
  facets: readonly CertificateAuthorityFacet[],
): Promise<CertificateAuthoritySnapshot> {
  if (!facets.includes("tags")) return snapshot;
  return { ...snapshot, tags: await readFacet("ListTags", () => reader.tags(snapshot.authority.arn)) };
}
