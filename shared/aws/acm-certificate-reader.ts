import {
  type ACMClient,
  type CertificateDetail,
  DescribeCertificateCommand,
  type KeyAlgorithm,
  ListTagsForCertificateCommand,
  paginateListCertificates,
  ResourceNotFoundException,
  type CertificateSummary as SdkCertificateSummary,
} from "@aws-sdk/client-acm";
import { type CertificateReader, ResourceGoneError } from "../inventory";
import type {
  CertificateDetails,
  CertificateStatus,
  CertificateSummary,
  CertificateType,
  RenewalStatus,
  Tags,
} from "../model";
import { goneWhen } from "./gone";
import { checkedPages } from "./page-markers";

/**
 * ListCertificates returns only RSA_1024 and RSA_2048 certificates unless Includes.keyTypes
 * names the others (ACM API reference, Filters.keyTypes): ask for every key type.
 */
export const ALL_KEY_TYPES: KeyAlgorithm[] = [
  "RSA_1024",
  "RSA_2048",
  "RSA_3072",
  "RSA_4096",
  "EC_prime256v1",
  "EC_secp384r1",
  "EC_secp521r1",
];

/** ListCertificates takes up to 1000 items a page (ACM API reference, MaxItems). */
const PAGE_SIZE = 1000;

function toSummary(
  s: SdkCertificateSummary | CertificateDetail,
  sans: string[],
  hasMore: boolean,
): CertificateSummary {
  const arn = s.CertificateArn ?? "";
  return {
    arn,
    domainName: s.DomainName ?? "",
    subjectAlternativeNames: sans,
    hasAdditionalNames: hasMore,
    type: (s.Type ?? "AMAZON_ISSUED") as CertificateType,
    status: (s.Status ?? "ISSUED") as CertificateStatus,
    notBefore: s.NotBefore,
    notAfter: s.NotAfter,
    inUse: "InUse" in s ? (s.InUse ?? false) : ((s as CertificateDetail).InUseBy ?? []).length > 0,
    keyAlgorithm: s.KeyAlgorithm,
    renewalEligibility: s.RenewalEligibility,
    managedBy: s.ManagedBy,
  };
}

function toDetails(c: CertificateDetail): CertificateDetails {
  const renewal = c.RenewalSummary;
  return {
    subjectAlternativeNames: c.SubjectAlternativeNames ?? [],
    inUseBy: c.InUseBy ?? [],
    renewalSummary: renewal?.RenewalStatus
      ? {
          status: renewal.RenewalStatus as RenewalStatus,
          failureReason: renewal.RenewalStatusReason,
          updatedAt: renewal.UpdatedAt,
          pendingDomains: (renewal.DomainValidationOptions ?? [])
            .filter((d) => d.ValidationStatus !== "SUCCESS")
            .map((d) => d.DomainName ?? ""),
        }
      : undefined,
    transparencyLogging: c.Options?.CertificateTransparencyLoggingPreference,
    failureReason: c.FailureReason,
  };
}

const onCertificate = goneWhen(ResourceNotFoundException);

export class AcmCertificateReader implements CertificateReader {
  constructor(private readonly acm: ACMClient) {}

  async *listCertificates(): AsyncIterable<CertificateSummary> {
    const pages = paginateListCertificates(
      { client: this.acm, pageSize: PAGE_SIZE },
      { Includes: { keyTypes: ALL_KEY_TYPES } },
    );
    for await (const page of checkedPages("ListCertificates", pages, (p) => p.NextToken)) {
      for (const s of page.CertificateSummaryList ?? []) {
        if (!s.CertificateArn) continue;
        const sans = s.SubjectAlternativeNameSummaries ?? (s.DomainName ? [s.DomainName] : []);
        yield toSummary(s, sans, s.HasAdditionalSubjectAlternativeNames ?? false);
      }
    }
  }

  describeCertificate(arn: string) {
    return onCertificate(arn, async () => {
      const { Certificate } = await this.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }));
      if (!Certificate?.CertificateArn) throw new ResourceGoneError(arn);
      return {
        summary: toSummary(Certificate, Certificate.SubjectAlternativeNames ?? [], false),
        details: toDetails(Certificate),
      };
    });
  }

  tags(arn: string): Promise<Tags> {
    return onCertificate(arn, async () => {
      const { Tags: list } = await this.acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }));
      return Object.fromEntries((list ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    });
  }
}
