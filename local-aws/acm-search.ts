/**
 * SearchCertificates' filter statements and sort orders over the local ACM state, as the SDK's
 * model defines them (@aws-sdk/client-acm models_0.d.ts: CertificateFilterStatement,
 * CertificateFilter, X509AttributeFilter, AcmCertificateMetadataFilter, TimestampRange;
 * enums.d.ts: SearchCertificatesSortBy). Every union holds exactly one member; anything else,
 * or a member this endpoint does not model, is a ValidationException, never silently ignored.
 */
import { validation } from "./errors";

/** What a search can see of one certificate: the fields of CertificateSearchResult, flattened. */
export interface Searchable {
  arn: string;
  commonName?: string;
  dnsNames: string[];
  keyAlgorithm: string;
  notBefore?: number;
  notAfter?: number;
  createdAt?: number;
  issuedAt?: number;
  importedAt?: number;
  status: string;
  renewalStatus?: string;
  renewalEligibility: string;
  type: string;
  inUse: boolean;
  exported: boolean;
  exportOption: string;
  managedBy?: string;
  keyPairOrigin: string;
  acmeEndpointArn?: string;
  acmeAccountId?: string;
}

type Json = Record<string, unknown>;

function onlyMember(value: unknown, where: string): [string, unknown] {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw validation(`${where} must be an object with exactly one member`);
  const entries = Object.entries(value as Json).filter(([, v]) => v !== undefined && v !== null);
  if (entries.length !== 1) throw validation(`${where} must have exactly one member, got ${entries.length}`);
  return entries[0]!;
}

/** TimestampRange: Start and End both inclusive, either may be absent (epoch seconds on the wire). */
function inRange(value: number | undefined, range: unknown): boolean {
  if (value === undefined) return false;
  const { Start, End } = (range ?? {}) as { Start?: number; End?: number };
  return (Start === undefined || value >= Start) && (End === undefined || value <= End);
}

/** ComparisonOperator EQUALS or CONTAINS; DNS names compare without regard to case. */
function compare(actual: string | undefined, filter: unknown, where: string): boolean {
  const { Value, ComparisonOperator } = (filter ?? {}) as { Value?: unknown; ComparisonOperator?: unknown };
  if (typeof Value !== "string") throw validation(`${where}.Value is required`);
  const have = (actual ?? "").toLowerCase();
  const want = Value.toLowerCase();
  if (ComparisonOperator === "EQUALS") return have === want;
  if (ComparisonOperator === "CONTAINS") return have.includes(want);
  throw validation(`${where}.ComparisonOperator must be EQUALS or CONTAINS`);
}

function x509Matches(filter: unknown, c: Searchable): boolean {
  const [member, value] = onlyMember(filter, "X509AttributeFilter");
  switch (member) {
    case "Subject": {
      const [, common] = onlyMember(value, "SubjectFilter");
      return compare(c.commonName, common, "SubjectFilter.CommonName");
    }
    case "SubjectAlternativeName": {
      const [, dns] = onlyMember(value, "SubjectAlternativeNameFilter");
      return c.dnsNames.some((name) => compare(name, dns, "SubjectAlternativeNameFilter.DnsName"));
    }
    case "KeyAlgorithm":
      return c.keyAlgorithm === value;
    case "NotAfter":
      return inRange(c.notAfter, value);
    case "NotBefore":
      return inRange(c.notBefore, value);
    default:
      throw validation(`X509AttributeFilter.${member} is not modelled by the local endpoint`);
  }
}

const METADATA: Record<string, (c: Searchable) => unknown> = {
  Status: (c) => c.status,
  RenewalStatus: (c) => c.renewalStatus,
  Type: (c) => c.type,
  InUse: (c) => c.inUse,
  Exported: (c) => c.exported,
  ExportOption: (c) => c.exportOption,
  ManagedBy: (c) => c.managedBy,
  CertificateKeyPairOrigin: (c) => c.keyPairOrigin,
  AcmeEndpointArn: (c) => c.acmeEndpointArn,
  AcmeAccountId: (c) => c.acmeAccountId,
};

function filterMatches(filter: unknown, c: Searchable): boolean {
  const [member, value] = onlyMember(filter, "CertificateFilter");
  if (member === "CertificateArn") return c.arn === value;
  if (member === "X509AttributeFilter") return x509Matches(value, c);
  if (member === "AcmCertificateMetadataFilter") {
    const [field, wanted] = onlyMember(value, "AcmCertificateMetadataFilter");
    const read = METADATA[field];
    if (!read)
      throw validation(`AcmCertificateMetadataFilter.${field} is not modelled by the local endpoint`);
    return read(c) === wanted;
  }
  throw validation(`CertificateFilter.${member} is not a filter`);
}

/** And (all), Or (any), Not, or a single Filter. */
export function statementMatches(statement: unknown, c: Searchable): boolean {
  const [member, value] = onlyMember(statement, "CertificateFilterStatement");
  switch (member) {
    case "And":
    case "Or": {
      if (!Array.isArray(value) || value.length === 0)
        throw validation(`${member} takes a list of statements`);
      return member === "And"
        ? value.every((s) => statementMatches(s, c))
        : value.some((s) => statementMatches(s, c));
    }
    case "Not":
      return !statementMatches(value, c);
    case "Filter":
      return filterMatches(value, c);
    default:
      throw validation(`CertificateFilterStatement.${member} is not a statement`);
  }
}

/** SearchCertificatesSortBy values and the field each one orders by. */
const SORT_KEYS: Record<string, (c: Searchable) => string | number | boolean | undefined> = {
  CREATED_AT: (c) => c.createdAt,
  NOT_AFTER: (c) => c.notAfter,
  NOT_BEFORE: (c) => c.notBefore,
  STATUS: (c) => c.status,
  RENEWAL_STATUS: (c) => c.renewalStatus,
  EXPORTED: (c) => c.exported,
  IN_USE: (c) => c.inUse,
  KEY_ALGORITHM: (c) => c.keyAlgorithm,
  TYPE: (c) => c.type,
  CERTIFICATE_ARN: (c) => c.arn,
  COMMON_NAME: (c) => c.commonName,
  REVOKED_AT: () => undefined,
  RENEWAL_ELIGIBILITY: (c) => c.renewalEligibility,
  ISSUED_AT: (c) => c.issuedAt,
  MANAGED_BY: (c) => c.managedBy,
  EXPORT_OPTION: (c) => c.exportOption,
  VALIDATION_METHOD: () => undefined,
  IMPORTED_AT: (c) => c.importedAt,
  ACME_ENDPOINT_ARN: (c) => c.acmeEndpointArn,
  ACME_ACCOUNT_ID: (c) => c.acmeAccountId,
  CERTIFICATE_KEY_PAIR_ORIGIN: (c) => c.keyPairOrigin,
};

/** Orders a copy by SortBy and SortOrder (ASCENDING unless DESCENDING); absent values last. */
export function sortedBy<T extends Searchable>(items: T[], sortBy: unknown, sortOrder: unknown): T[] {
  if (sortBy === undefined) return items;
  const key = SORT_KEYS[String(sortBy)];
  if (!key) throw validation(`SortBy '${String(sortBy)}' is not a valid value`);
  if (sortOrder !== undefined && sortOrder !== "ASCENDING" && sortOrder !== "DESCENDING")
    throw validation(`SortOrder '${String(sortOrder)}' is not a valid value`);
  const direction = sortOrder === "DESCENDING" ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (x < y ? -1 : 1) * direction;
  });
}
