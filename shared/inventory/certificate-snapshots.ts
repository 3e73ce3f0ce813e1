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

/** One certificate by ARN (the event path): DescribeCertificate gives summary and details at once. */
export async function loadCertificateSnapshot(
  reader: CertificateReader,
  arn: string,
): Promise<CertificateSnapshot> {
  const { summary, details } = await reader.describeCertificate(arn);
  return { ...certificateSnapshotFromSummary(summary), details: read(details) };
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
