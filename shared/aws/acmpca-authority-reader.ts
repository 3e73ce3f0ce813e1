import {
  type ACMPCAClient,
  type CertificateAuthority,
  DescribeCertificateAuthorityCommand,
  paginateListCertificateAuthorities,
  paginateListTags,
  ResourceNotFoundException,
} from "@aws-sdk/client-acm-pca";
import { type CertificateAuthorityReader, ResourceGoneError } from "../inventory";
import type { CertificateAuthoritySummary, Tags } from "../model";
import { goneWhen } from "./gone";
import { checkedPages } from "./page-markers";

/**
 * MaxResults may be up to 1000, but the operation returns at most 100 a page (Private CA API
 * reference, ListCertificateAuthorities); ListTags' page is as large.
 */
const PAGE_SIZE = 100;

const onAuthority = goneWhen(ResourceNotFoundException);

/** An Invalid Date (an epoch beyond any calendar) is no date: the rules then say it is unknown. */
function validDate(date: Date | undefined): Date | undefined {
  return date && Number.isFinite(date.getTime()) ? date : undefined;
}

/** A value that should be a string but is not (a hostile or broken endpoint) is read as absent. */
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * The CertificateAuthority structure, as ListCertificateAuthorities and DescribeCertificateAuthority
 * both give it. Enum values the installed SDK does not know (ML_DSA_65, EC_secp521r1, ...) arrive
 * as plain strings and are kept as sent.
 */
export function authoritySummary(ca: CertificateAuthority): CertificateAuthoritySummary {
  const configuration = ca.CertificateAuthorityConfiguration;
  const revocation = ca.RevocationConfiguration;
  return {
    arn: ca.Arn ?? "",
    type: text(ca.Type) ?? "",
    status: text(ca.Status) ?? "",
    commonName: text(configuration?.Subject?.CommonName),
    createdAt: validDate(ca.CreatedAt),
    notBefore: validDate(ca.NotBefore),
    notAfter: validDate(ca.NotAfter),
    failureReason: text(ca.FailureReason),
    keyAlgorithm: text(configuration?.KeyAlgorithm),
    signingAlgorithm: text(configuration?.SigningAlgorithm),
    crlEnabled: revocation?.CrlConfiguration?.Enabled === true,
    ocspEnabled: revocation?.OcspConfiguration?.Enabled === true,
    // "The default value is GENERAL_PURPOSE" (SDK model, CertificateAuthority.UsageMode).
    usageMode: text(ca.UsageMode) ?? "GENERAL_PURPOSE",
    restorableUntil: validDate(ca.RestorableUntil),
  };
}

/** Private CAs of this account: the listing carries every field the rules read. */
export class AcmPcaAuthorityReader implements CertificateAuthorityReader {
  constructor(private readonly pca: ACMPCAClient) {}

  /** ResourceOwner defaults to SELF: CAs shared from other accounts are theirs to judge. */
  async *listCertificateAuthorities(): AsyncIterable<CertificateAuthoritySummary> {
    const pages = paginateListCertificateAuthorities({ client: this.pca, pageSize: PAGE_SIZE }, {});
    for await (const page of checkedPages("ListCertificateAuthorities", pages, (p) => p.NextToken)) {
      for (const ca of page.CertificateAuthorities ?? [])
        if (typeof ca.Arn === "string") yield authoritySummary(ca);
    }
  }

  describeCertificateAuthority(arn: string): Promise<CertificateAuthoritySummary> {
    return onAuthority(arn, async () => {
      const { CertificateAuthority: ca } = await this.pca.send(
        new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }),
      );
      if (!ca?.Arn) throw new ResourceGoneError(arn);
      return authoritySummary(ca);
    });
  }

  tags(arn: string): Promise<Tags> {
    return onAuthority(arn, async () => {
      const tags: Tags = {};
      const pages = paginateListTags(
        { client: this.pca, pageSize: PAGE_SIZE },
        { CertificateAuthorityArn: arn },
      );
      for await (const page of checkedPages("ListTags", pages, (p) => p.NextToken)) {
        for (const tag of page.Tags ?? [])
          if (typeof tag.Key === "string") tags[tag.Key] = text(tag.Value) ?? "";
      }
      return tags;
    });
  }
}
