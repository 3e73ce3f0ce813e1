/** ACM as the local endpoint models it (ACM API reference: ListCertificates, DescribeCertificate, tags). */
import { AwsError, decodeMarker, encodeMarker, pageLimit } from "./errors";
import type { SeedCertificate } from "./seed";

type Input = Record<string, unknown>;

const epoch = (value: string | undefined) => (value ? new Date(value).getTime() / 1000 : undefined);

/** Without Includes.keyTypes, ListCertificates returns only RSA_1024 and RSA_2048 certificates (Filters.keyTypes). */
const DEFAULT_KEY_TYPES = ["RSA_1024", "RSA_2048"];

interface CertificateRecord {
  arn: string;
  seed: SeedCertificate;
  tags: Map<string, string>;
}

export class AcmState {
  private readonly certificates = new Map<string, CertificateRecord>();

  constructor(
    readonly account: string,
    readonly region: string,
    seeds: SeedCertificate[],
  ) {
    for (const seed of seeds) {
      const arn = `arn:aws:acm:${region}:${account}:certificate/${seed.CertificateId}`;
      this.certificates.set(arn, { arn, seed, tags: new Map(Object.entries(seed.Tags ?? {})) });
    }
  }

  /** Every certificate's ARN and tags, for the Tagging API (lower case: not an operation). */
  taggedResources(): { arn: string; tags: Map<string, string> }[] {
    return [...this.certificates.values()].map(({ arn, tags }) => ({ arn, tags }));
  }

  private find(input: Input): CertificateRecord {
    const arn = input.CertificateArn;
    if (typeof arn !== "string" || !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(arn)) {
      throw new AwsError("InvalidArnException", `String '${String(arn)}' is not a valid ARN.`);
    }
    const record = this.certificates.get(arn);
    if (!record) throw new AwsError("ResourceNotFoundException", `Could not find certificate ${arn}.`);
    return record;
  }

  ListCertificates(input: Input) {
    const max = pageLimit(input.MaxItems, 1000, 1000);
    const start = decodeMarker(input.NextToken, "InvalidArgsException");
    const includes = (input.Includes ?? {}) as { keyTypes?: string[] };
    const keyTypes = includes.keyTypes?.length ? includes.keyTypes : DEFAULT_KEY_TYPES;
    const statuses =
      Array.isArray(input.CertificateStatuses) && input.CertificateStatuses.length > 0
        ? (input.CertificateStatuses as string[])
        : undefined;
    const matching = [...this.certificates.values()].filter(
      ({ seed }) => keyTypes.includes(seed.KeyAlgorithm) && (!statuses || statuses.includes(seed.Status)),
    );
    const page = matching.slice(start, start + max);
    const more = start + max < matching.length;
    return {
      CertificateSummaryList: page.map((record) => this.summary(record)),
      NextToken: more ? encodeMarker(start + max) : undefined,
    };
  }

  private sans(seed: SeedCertificate): string[] {
    return seed.SubjectAlternativeNames ?? [seed.DomainName];
  }

  private summary({ arn, seed }: CertificateRecord) {
    const sans = this.sans(seed);
    return {
      CertificateArn: arn,
      DomainName: seed.DomainName,
      // The summary carries at most 100 names (ACM API reference, CertificateSummary).
      SubjectAlternativeNameSummaries: sans.slice(0, 100),
      HasAdditionalSubjectAlternativeNames: sans.length > 100,
      Status: seed.Status,
      Type: seed.Type,
      KeyAlgorithm: seed.KeyAlgorithm,
      InUse: (seed.InUseBy ?? []).length > 0,
      RenewalEligibility: seed.RenewalEligibility ?? (seed.Type === "IMPORTED" ? "INELIGIBLE" : "ELIGIBLE"),
      NotBefore: epoch(seed.NotBefore),
      NotAfter: epoch(seed.NotAfter),
      CreatedAt: epoch(seed.NotBefore),
      IssuedAt: seed.Type === "IMPORTED" ? undefined : epoch(seed.NotBefore),
      ImportedAt: seed.Type === "IMPORTED" ? epoch(seed.NotBefore) : undefined,
    };
  }

  DescribeCertificate(input: Input) {
    const record = this.find(input);
    const { seed } = record;
    const summary = this.summary(record);
    return {
      Certificate: {
        CertificateArn: record.arn,
        DomainName: seed.DomainName,
        SubjectAlternativeNames: this.sans(seed),
        Status: seed.Status,
        Type: seed.Type,
        KeyAlgorithm: seed.KeyAlgorithm,
        NotBefore: summary.NotBefore,
        NotAfter: summary.NotAfter,
        CreatedAt: summary.CreatedAt,
        IssuedAt: summary.IssuedAt,
        ImportedAt: summary.ImportedAt,
        InUseBy: seed.InUseBy ?? [],
        FailureReason: seed.FailureReason,
        RenewalEligibility: summary.RenewalEligibility,
        RenewalSummary: seed.RenewalSummary
          ? {
              RenewalStatus: seed.RenewalSummary.RenewalStatus,
              RenewalStatusReason: seed.RenewalSummary.RenewalStatusReason,
              UpdatedAt: epoch(seed.RenewalSummary.UpdatedAt),
              DomainValidationOptions:
                seed.RenewalSummary.DomainValidationOptions ??
                this.sans(seed).map((d) => ({ DomainName: d, ValidationStatus: "SUCCESS" })),
            }
          : undefined,
        // CT logging applies to public certificates only; others report no preference.
        Options:
          seed.Type === "AMAZON_ISSUED"
            ? {
                CertificateTransparencyLoggingPreference:
                  seed.Options?.CertificateTransparencyLoggingPreference ?? "ENABLED",
              }
            : {},
      },
    };
  }

  ListTagsForCertificate(input: Input) {
    const record = this.find(input);
    return { Tags: [...record.tags.entries()].map(([Key, Value]) => ({ Key, Value })) };
  }

  AddTagsToCertificate(input: Input) {
    const record = this.find(input);
    for (const tag of (input.Tags ?? []) as { Key?: string; Value?: string }[]) {
      if (!tag.Key) throw new AwsError("InvalidTagException", "Tag key must not be empty");
      record.tags.set(tag.Key, tag.Value ?? "");
    }
    return {};
  }

  purge(arn: string) {
    this.certificates.delete(arn);
  }
}
