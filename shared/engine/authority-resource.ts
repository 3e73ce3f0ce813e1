import {
  authoritySnapshot,
  type CertificateAuthorityReader,
  loadAuthorityFacets,
  loadAuthoritySnapshot,
} from "../inventory";
import {
  arnLocation,
  authorityLabel,
  type CertificateAuthorityFacet,
  type CertificateAuthoritySnapshot,
  type CertificateAuthoritySummary,
} from "../model";
import type { RuleSelection } from "../settings";
import type { ResourceIdentity } from "./findings";
import { type PendingResource, type PendingResourceOptions, resourceToEvaluate } from "./resource";

export function authorityIdentity(arn: string, commonName?: string): ResourceIdentity {
  return {
    resourceType: "AWS::ACMPCA::CertificateAuthority",
    resourceId: arn,
    resourceArn: arn,
    ...arnLocation(arn),
    label: authorityLabel(arn, commonName),
  };
}

function authorityToEvaluate(
  reader: CertificateAuthorityReader,
  who: ResourceIdentity,
  firstRead: string,
  snapshot: () => Promise<CertificateAuthoritySnapshot>,
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions,
): PendingResource {
  const loadFacets = (s: CertificateAuthoritySnapshot, facets: readonly string[]) =>
    loadAuthorityFacets(reader, s, facets as CertificateAuthorityFacet[]);
  return resourceToEvaluate(who, firstRead, snapshot, loadFacets, selections, now, options);
}

/** A listed CA: the listing's CertificateAuthority is the whole snapshot but its tags. */
export function listedPendingAuthority(
  reader: CertificateAuthorityReader,
  summary: CertificateAuthoritySummary,
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions = {},
): PendingResource {
  const who = authorityIdentity(summary.arn, summary.commonName);
  const snapshot = async () => authoritySnapshot(summary);
  return authorityToEvaluate(reader, who, "ListTags", snapshot, selections, now, options);
}

/** A CA by ARN alone (an event, a Config change): read with DescribeCertificateAuthority. */
export function pendingAuthority(
  reader: CertificateAuthorityReader,
  arn: string,
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions = {},
): PendingResource {
  const snapshot = () => loadAuthoritySnapshot(reader, arn);
  return authorityToEvaluate(
    reader,
    authorityIdentity(arn),
    "DescribeCertificateAuthority",
    snapshot,
    selections,
    now,
    options,
  );
}
