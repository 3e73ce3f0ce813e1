import {
  type ACMClient,
  type CertificateDetail,
  type CertificateKeyPairOrigin,
  type CertificateSearchResult,
  DescribeCertificateCommand,
  type KeyAlgorithm,
  ListTagsForCertificateCommand,
  paginateListCertificates,
  paginateSearchCertificates,
  ResourceNotFoundException,
  type CertificateSummary as SdkCertificateSummary,
  SearchCertificatesCommand,
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

/**
 * ListCertificates leaves ACME certificates out unless CertificateKeyPairOrigins names ACME
 * (SDK model, ListCertificatesRequest.CertificateKeyPairOrigins): ask for every origin.
 */
export const ALL_KEY_PAIR_ORIGINS: CertificateKeyPairOrigin[] = ["AWS_MANAGED", "CUSTOMER_PROVIDED", "ACME"];

/** Page sizes: ListCertificates MaxItems up to 1000, SearchCertificates MaxResults up to 500 (ACM API reference). */
const PAGE = { list: 1000, search: 500 } as const;

/**
 * SearchCertificates (March 2026) is missing where the endpoint predates it: an AWS JSON service
 * answers an operation it does not know with UnknownOperationException, and a server that does
 * not implement one answers 501 Not Implemented. Anything else (access denied, throttling) is a
 * failure to report, not a reason to read differently.
 */
function unsupported(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "UnknownOperationException" || e?.$metadata?.httpStatusCode === 501;
}

/**
 * A timestamp the SDK could not turn into a date (an epoch far beyond any calendar gives an
 * Invalid Date, not an error) is no date at all: the rules then say the date is unknown.
 */
function validDate(date: Date | undefined): Date | undefined {
  return date && Number.isFinite(date.getTime()) ? date : undefined;
}

function fromListing(s: SdkCertificateSummary): CertificateSummary {
  const sans = s.SubjectAlternativeNameSummaries ?? (s.DomainName ? [s.DomainName] : []);
  return {
    arn: s.CertificateArn ?? "",
    domainName: s.DomainName ?? "",
    subjectAlternativeNames: sans,
    hasAdditionalNames: s.HasAdditionalSubjectAlternativeNames ?? false,
    type: (s.Type ?? "AMAZON_ISSUED") as CertificateType,
    status: (s.Status ?? "ISSUED") as CertificateStatus,
    notBefore: validDate(s.NotBefore),
    notAfter: validDate(s.NotAfter),
    inUse: s.InUse ?? false,
    keyAlgorithm: s.KeyAlgorithm,
    renewalEligibility: s.RenewalEligibility,
    managedBy: s.ManagedBy,
    renewalStatusKnown: false,
    issuedAt: validDate(s.IssuedAt),
    keyPairOrigin: s.CertificateKeyPairOrigin,
    exportOption: s.ExportOption,
    exported: s.Exported ?? false,
  };
}

/**
 * A search result as a summary. SearchCertificates has no DomainName: ACM puts the first name
 * requested in the subject's common name (ACM User Guide, "Quotas", domain names), else the
 * first DNS name stands for it. Its names are complete (no 100-name cap as in ListCertificates).
 */
function fromSearch(r: CertificateSearchResult): CertificateSummary {
  const x509 = r.X509Attributes ?? {};
  const acm = r.CertificateMetadata?.AcmCertificateMetadata ?? {};
  const dnsNames = (x509.SubjectAlternativeNames ?? []).flatMap((name) =>
    typeof name.DnsName === "string" ? [name.DnsName] : [],
  );
  const domainName = x509.Subject?.CommonName ?? dnsNames[0] ?? "";
  return {
    arn: r.CertificateArn ?? "",
    domainName,
    subjectAlternativeNames: dnsNames.length > 0 ? dnsNames : domainName ? [domainName] : [],
    hasAdditionalNames: false,
    type: (acm.Type ?? "AMAZON_ISSUED") as CertificateType,
    status: (acm.Status ?? "ISSUED") as CertificateStatus,
    notBefore: validDate(x509.NotBefore),
    notAfter: validDate(x509.NotAfter),
    inUse: acm.InUse ?? false,
    keyAlgorithm: x509.KeyAlgorithm,
    renewalEligibility: acm.RenewalEligibility,
    managedBy: acm.ManagedBy,
    // The same certificate attribute as DescribeCertificate's RenewalSummary.RenewalStatus: absent
    // until ACM starts a renewal (SDK model, AcmCertificateMetadata.RenewalStatus).
    renewalStatus: acm.RenewalStatus as RenewalStatus | undefined,
    renewalStatusKnown: true,
    issuedAt: validDate(acm.IssuedAt),
    keyPairOrigin: acm.CertificateKeyPairOrigin,
    exportOption: acm.ExportOption,
    exported: acm.Exported ?? false,
  };
}

/** DescribeCertificate's answer as a summary: it has the export option, not whether the key was exported. */
function fromDetail(c: CertificateDetail): CertificateSummary {
  return {
    arn: c.CertificateArn ?? "",
    domainName: c.DomainName ?? "",
    subjectAlternativeNames: c.SubjectAlternativeNames ?? [],
    hasAdditionalNames: false,
    type: (c.Type ?? "AMAZON_ISSUED") as CertificateType,
    status: (c.Status ?? "ISSUED") as CertificateStatus,
    notBefore: validDate(c.NotBefore),
    notAfter: validDate(c.NotAfter),
    inUse: (c.InUseBy ?? []).length > 0,
    keyAlgorithm: c.KeyAlgorithm,
    renewalEligibility: c.RenewalEligibility,
    managedBy: c.ManagedBy,
    renewalStatus: c.RenewalSummary?.RenewalStatus as RenewalStatus | undefined,
    renewalStatusKnown: true,
    issuedAt: validDate(c.IssuedAt),
    keyPairOrigin: c.CertificateKeyPairOrigin,
    exportOption: c.Options?.Export,
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
          updatedAt: validDate(renewal.UpdatedAt),
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

/**
 * Certificates through SearchCertificates, which returns in bulk what rules need (renewal
 * status, in use, export, key-pair origin) and has no default filter; through ListCertificates
 * with every key type and origin, and DescribeCertificate by ARN, where the endpoint lacks it.
 */
export class AcmCertificateReader implements CertificateReader {
  /** Cleared by the first answer that SearchCertificates does not exist here; it is not asked again. */
  private searchable = true;

  constructor(private readonly acm: ACMClient) {}

  async *listCertificates(): AsyncIterable<CertificateSummary> {
    if (this.searchable) {
      const pages = paginateSearchCertificates({ client: this.acm, pageSize: PAGE.search }, {});
      let answered = false;
      try {
        for await (const page of checkedPages("SearchCertificates", pages, (p) => p.NextToken)) {
          answered = true;
          for (const result of page.Results ?? []) if (result.CertificateArn) yield fromSearch(result);
        }
        return;
      } catch (error) {
        if (answered || !unsupported(error)) throw error;
        this.searchable = false;
      }
    }
    const pages = paginateListCertificates(
      { client: this.acm, pageSize: PAGE.list },
      { Includes: { keyTypes: ALL_KEY_TYPES }, CertificateKeyPairOrigins: ALL_KEY_PAIR_ORIGINS },
    );
    for await (const page of checkedPages("ListCertificates", pages, (p) => p.NextToken)) {
      for (const s of page.CertificateSummaryList ?? []) if (s.CertificateArn) yield fromListing(s);
    }
  }

  async readCertificate(arn: string): Promise<{ summary: CertificateSummary; details?: CertificateDetails }> {
    if (this.searchable) {
      try {
        const { Results } = await this.acm.send(
          new SearchCertificatesCommand({ FilterStatement: { Filter: { CertificateArn: arn } } }),
        );
        const found = (Results ?? []).find((r) => r.CertificateArn === arn);
        if (!found) throw new ResourceGoneError(arn);
        return { summary: fromSearch(found) };
      } catch (error) {
        if (!unsupported(error)) throw error;
        this.searchable = false;
      }
    }
    return this.describeCertificate(arn);
  }

  describeCertificate(arn: string) {
    return onCertificate(arn, async () => {
      const { Certificate } = await this.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }));
      if (!Certificate?.CertificateArn) throw new ResourceGoneError(arn);
      return { summary: fromDetail(Certificate), details: toDetails(Certificate) };
    });
  }

  tags(arn: string): Promise<Tags> {
    return onCertificate(arn, async () => {
      const { Tags: list } = await this.acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }));
      return Object.fromEntries((list ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    });
  }
}
