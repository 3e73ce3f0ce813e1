import {
  arnLocation,
  type CertificateFacet,
  type CertificateSnapshot,
  type CertificateSummary,
  read,
  UNREAD,
} from "../model";
import type { CertificateReader } from "./ports";
import { readFacet } from "./read-failure";

/** A snapshot from ListCertificates' summary; details are read only if a rule needs them. */
export function certificateSnapshotFromSummary(summary: CertificateSummary): CertificateSnapshot {
  return {
    resourceType: "AWS::ACM::Certificate",
    ...arnLocation(summary.arn),
    certificate: summary,
    details: UNREAD,
    tags: UNREAD,
  };
}

/**
 * One certificate by ARN (events, Config changes): the summary a listing would give, so every
 * path sees the same fields; its details too when that read had them (DescribeCertificate,
 * where SearchCertificates is missing).
 */
export async function loadCertificateSnapshot(
  reader: CertificateReader,
  arn: string,
): Promise<CertificateSnapshot> {
  const { summary, details } = await reader.readCertificate(arn);
  const snapshot = certificateSnapshotFromSummary(summary);
  return details ? { ...snapshot, details: read(details) } : snapshot;
}

export async function loadCertificateFacets(
  reader: CertificateReader,
  snapshot: CertificateSnapshot,
  facets: readonly CertificateFacet[],
): Promise<CertificateSnapshot> {
  const arn = snapshot.certificate.arn;
  const loaded = await Promise.all(
    facets.map(async (facet): Promise<Partial<CertificateSnapshot>> => {
      switch (facet) {
        case "details":
          return {
            details: await readFacet(
              "DescribeCertificate",
              async () => (await reader.describeCertificate(arn)).details,
            ),
          };
        case "tags":
          return { tags: await readFacet("ListTagsForCertificate", () => reader.tags(arn)) };
      }
    }),
  );
  return Object.assign({ ...snapshot }, ...loaded);
}
