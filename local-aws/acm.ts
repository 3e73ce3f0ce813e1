/**
 * ACM as the local endpoint models it (ACM API reference and the SDK's model: ListCertificates,
 * SearchCertificates, DescribeCertificate, ExportCertificate, tags).
 */
import { type Searchable, sortedBy, statementMatches } from "./acm-search";
import { AwsError, decodeMarker, encodeMarker, pageLimit, validation } from "./errors";
import type { SeedCertificate } from "./seed";

type Input = Record<string, unknown>;

const epoch = (value: string | undefined) => (value ? new Date(value).getTime() / 1000 : undefined);

/**
 * ListCertificates' default filtering (SDK model, Filters.keyTypes): "only RSA_1024 and RSA_2048
 * certificates that have at least one domain". The operation's own summary says RSA_2048 alone;
 * the field's documentation is the more precise one and is followed here (docs/how-it-works.md).
 */
const DEFAULT_KEY_TYPES = ["RSA_1024", "RSA_2048"];
/** Without CertificateKeyPairOrigins, ACME certificates are left out (ListCertificatesRequest). */
const DEFAULT_ORIGINS = ["AWS_MANAGED", "CUSTOMER_PROVIDED"];

interface CertificateRecord {
  arn: string;
  seed: SeedCertificate;
  tags: Map<string, string>;
  /** ExportCertificate has been called. */
  exported: boolean;
}

export const originOf = (seed: SeedCertificate) =>
  seed.CertificateKeyPairOrigin ?? (seed.Type === "IMPORTED" ? "CUSTOMER_PROVIDED" : "AWS_MANAGED");

/** Options.Export exists only on public certificates ACM made the key of; private ones always export. */
export function exportOptionOf(seed: SeedCertificate): "ENABLED" | "DISABLED" {
  if (seed.Type === "PRIVATE") return "ENABLED";
  return seed.Type === "AMAZON_ISSUED" && originOf(seed) === "AWS_MANAGED"
    ? (seed.Options?.Export ?? "DISABLED")
    : "DISABLED";
}

/** ELIGIBLE once exported since issued (ACM User Guide, "Managed renewal for ACM certificates"). */
export function renewalEligibilityOf(seed: SeedCertificate, exported: boolean): "ELIGIBLE" | "INELIGIBLE" {
  if (exported && seed.Type !== "IMPORTED") return "ELIGIBLE";
  return seed.RenewalEligibility ?? (seed.Type === "IMPORTED" ? "INELIGIBLE" : "ELIGIBLE");
}

/** When the current certificate was issued: imported ones have no issue date. */
export function issuedAtOf(seed: SeedCertificate): string | undefined {
  return seed.Type === "IMPORTED" ? undefined : (seed.IssuedAt ?? seed.NotBefore);
}

/** A list filter the caller may leave out: absent or empty means no filter. */
function listOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 ? (value as string[]) : undefined;
}

/** ExportCertificate's Passphrase: a blob (base64 on the wire) of 4 to 128 ASCII bytes without #, $ or %. */
function checkPassphrase(value: unknown) {
  const bytes = typeof value === "string" ? Buffer.from(value, "base64") : Buffer.alloc(0);
  if (bytes.length < 4 || bytes.length > 128)
    throw validation(
      "1 validation error detected: Value at 'passphrase' failed to satisfy constraint: Member must have length between 4 and 128",
    );
  if ([...bytes].some((b) => b > 0x7e || b < 0x20 || b === 0x23 || b === 0x24 || b === 0x25))
    throw validation("The passphrase can use any ASCII character except #, $, or %.");
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
      this.certificates.set(arn, {
        arn,
        seed,
        tags: new Map(Object.entries(seed.Tags ?? {})),
        exported: seed.Exported ?? false,
      });
    }
  }

  /** Every certificate's ARN and tags, for the Tagging API (lower case: not an operation). */
  taggedResources(): { arn: string; tags: Map<string, string> }[] {
    return [...this.certificates.values()].map(({ arn, tags }) => ({ arn, tags }));
  }

  private checkArn(input: Input): string {
    const arn = input.CertificateArn;
    if (typeof arn !== "string" || !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(arn)) {
      throw new AwsError("InvalidArnException", `String '${String(arn)}' is not a valid ARN.`);
    }
    return arn;
  }

  private find(input: Input): CertificateRecord {
    const arn = this.checkArn(input);
    const record = this.certificates.get(arn);
    if (!record) throw new AwsError("ResourceNotFoundException", `Could not find certificate ${arn}.`);
    return record;
  }

  ListCertificates(input: Input) {
    const max = pageLimit(input.MaxItems, 1000, 1000);
    const start = decodeMarker(input.NextToken, "InvalidArgsException");
    const includes = (input.Includes ?? {}) as Record<string, unknown>;
    if (listOf(includes.extendedKeyUsage) || listOf(includes.keyUsage))
      throw validation("Includes.extendedKeyUsage and keyUsage are not modelled by the local endpoint");
    if ((input.SortBy === undefined) !== (input.SortOrder === undefined))
      throw validation("SortBy and SortOrder must be given together");
    const keyTypes = listOf(includes.keyTypes);
    const origins = listOf(input.CertificateKeyPairOrigins) ?? DEFAULT_ORIGINS;
    const statuses = listOf(input.CertificateStatuses);
    const matching = [...this.certificates.values()].filter(
      ({ seed }) =>
        (keyTypes
          ? keyTypes.includes(seed.KeyAlgorithm)
          : DEFAULT_KEY_TYPES.includes(seed.KeyAlgorithm) && this.sans(seed).length > 0) &&
        origins.includes(originOf(seed)) &&
        (!statuses || statuses.includes(seed.Status)) &&
        (includes.exportOption === undefined || exportOptionOf(seed) === includes.exportOption) &&
        (includes.managedBy === undefined || seed.ManagedBy === includes.managedBy),
    );
    if (input.SortBy !== undefined) {
      const sorted = sortedBy(
        matching.map((record) => ({ ...this.searchable(record), record })),
        input.SortBy,
        input.SortOrder,
      );
      matching.splice(0, matching.length, ...sorted.map((s) => s.record));
    }
    const page = matching.slice(start, start + max);
    const more = start + max < matching.length;
    return {
      CertificateSummaryList: page.map((record) => this.summary(record)),
      NextToken: more ? encodeMarker(start + max) : undefined,
    };
  }

  private sans(seed: SeedCertificate): string[] {
    return seed.SubjectAlternativeNames ?? (seed.DomainName ? [seed.DomainName] : []);
  }

  private summary(record: CertificateRecord) {
    const { arn, seed } = record;
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
      RenewalEligibility: renewalEligibilityOf(seed, record.exported),
      NotBefore: epoch(seed.NotBefore),
      NotAfter: epoch(seed.NotAfter),
      CreatedAt: epoch(seed.NotBefore),
      IssuedAt: epoch(issuedAtOf(seed)),
      ImportedAt: seed.Type === "IMPORTED" ? epoch(seed.NotBefore) : undefined,
      ExportOption: exportOptionOf(seed),
      Exported: record.exported,
      ManagedBy: seed.ManagedBy,
      CertificateKeyPairOrigin: originOf(seed),
    };
  }

  private searchable(record: CertificateRecord): Searchable {
    const { arn, seed } = record;
    const summary = this.summary(record);
    return {
      arn,
      commonName: seed.DomainName || undefined,
      dnsNames: this.sans(seed),
      keyAlgorithm: seed.KeyAlgorithm,
      notBefore: summary.NotBefore,
      notAfter: summary.NotAfter,
      createdAt: summary.CreatedAt,
      issuedAt: summary.IssuedAt,
      importedAt: summary.ImportedAt,
      status: seed.Status,
      renewalStatus: seed.RenewalSummary?.RenewalStatus,
      renewalEligibility: summary.RenewalEligibility,
      type: seed.Type,
      inUse: summary.InUse,
      exported: record.exported,
      exportOption: summary.ExportOption,
      managedBy: seed.ManagedBy,
      keyPairOrigin: summary.CertificateKeyPairOrigin,
      acmeEndpointArn: seed.AcmeEndpointArn,
      acmeAccountId: seed.AcmeAccountId,
    };
  }

  /**
   * SearchCertificates: no filter statement means every certificate (the model documents no
   * default filtering, unlike ListCertificates'); MaxResults 1 to 500, 100 by default. The model
   * does not say what X509Attributes holds before issuance: here, the requested names and no validity.
   */
  SearchCertificates(input: Input) {
    const max = pageLimit(input.MaxResults, 100, 500);
    const start = decodeMarker(input.NextToken, "ValidationException");
    const all = [...this.certificates.values()].map((record) => this.searchable(record));
    const statement = input.FilterStatement;
    const matching = sortedBy(
      statement === undefined ? all : all.filter((c) => statementMatches(statement, c)),
      input.SortBy,
      input.SortOrder,
    );
    const page = matching.slice(start, start + max);
    return {
      Results: page.map((c) => ({
        CertificateArn: c.arn,
        X509Attributes: {
          Subject: c.commonName ? { CommonName: c.commonName } : {},
          SubjectAlternativeNames: c.dnsNames.map((DnsName) => ({ DnsName })),
          KeyAlgorithm: c.keyAlgorithm,
          NotBefore: c.notBefore,
          NotAfter: c.notAfter,
        },
        CertificateMetadata: {
          AcmCertificateMetadata: {
            CreatedAt: c.createdAt,
            IssuedAt: c.issuedAt,
            ImportedAt: c.importedAt,
            Status: c.status,
            RenewalStatus: c.renewalStatus,
            RenewalEligibility: c.renewalEligibility,
            Type: c.type,
            InUse: c.inUse,
            Exported: c.exported,
            ExportOption: c.exportOption,
            ManagedBy: c.managedBy,
            CertificateKeyPairOrigin: c.keyPairOrigin,
            AcmeEndpointArn: c.acmeEndpointArn,
            AcmeAccountId: c.acmeAccountId,
          },
        },
      })),
      NextToken: start + max < matching.length ? encodeMarker(start + max) : undefined,
    };
  }

  /**
   * ExportCertificate (ACM API reference): the ARN's form (InvalidArnException), the passphrase
   * (ValidationException), the certificate (ResourceNotFoundException), not yet issued
   * (RequestInProgressException), and a certificate whose key ACM does not hold or may not hand
   * out (ValidationException). A successful export is remembered: Exported becomes true.
   */
  ExportCertificate(input: Input) {
    this.checkArn(input);
    checkPassphrase(input.Passphrase);
    const record = this.find(input);
    const { seed } = record;
    if (seed.Status === "PENDING_VALIDATION")
      throw new AwsError("RequestInProgressException", `Certificate ${record.arn} is not yet issued.`);
    if (exportOptionOf(seed) !== "ENABLED")
      throw validation(`Certificate ${record.arn} cannot be exported: its export option is not ENABLED.`);
    if (seed.Status !== "ISSUED") throw validation(`Certificate ${record.arn} is ${seed.Status}.`);
    record.exported = true;
    const pem = (label: string) =>
      `-----BEGIN ${label}-----\n${Buffer.from(`${label} of ${record.arn}`).toString("base64")}\n-----END ${label}-----\n`;
    return {
      Certificate: pem("CERTIFICATE"),
      CertificateChain: pem("CERTIFICATE"),
      PrivateKey: pem("ENCRYPTED PRIVATE KEY"),
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
        CertificateKeyPairOrigin: summary.CertificateKeyPairOrigin,
        AcmeEndpointArn: seed.AcmeEndpointArn,
        AcmeAccountId: seed.AcmeAccountId,
        ManagedBy: seed.ManagedBy,
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
        // Request options exist for the public certificates ACM made the key of; others report none.
        Options:
          seed.Type === "AMAZON_ISSUED" && summary.CertificateKeyPairOrigin === "AWS_MANAGED"
            ? {
                CertificateTransparencyLoggingPreference:
                  seed.Options?.CertificateTransparencyLoggingPreference ?? "ENABLED",
                Export: summary.ExportOption,
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

  /** A tag given with a value goes only if it has that value (ACM API reference, RemoveTagsFromCertificate). */
  RemoveTagsFromCertificate(input: Input) {
    const record = this.find(input);
    for (const tag of (input.Tags ?? []) as { Key?: string; Value?: string }[]) {
      if (tag.Key && (tag.Value === undefined || record.tags.get(tag.Key) === tag.Value))
        record.tags.delete(tag.Key);
    }
    return {};
  }

  purge(arn: string) {
    this.certificates.delete(arn);
  }

  /** ACM's managed renewal (lower case: not an operation): a new certificate under the same ARN. */
  renew(arn: string, notBefore: string, notAfter: string) {
    const record = this.certificates.get(arn);
    if (record)
      record.seed = { ...record.seed, NotBefore: notBefore, IssuedAt: notBefore, NotAfter: notAfter };
  }
}
