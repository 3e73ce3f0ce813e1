import {
  type CertificateAuthorityReader,
  type CertificateReader,
  type KeyReader,
  keysInCustomKeyStore,
} from "../inventory";
import { arnLocation, type ResourceType } from "../model";
import type { RuleSelection } from "../settings";
import { listedPendingAuthority } from "./authority-resource";
import type { EvaluationOptions } from "./evaluate";
import {
  listedPendingCertificate,
  type PendingResource,
  type PendingResourceOptions,
  pendingKey,
  selectionsFor,
} from "./resource";

export interface ListingOptions extends EvaluationOptions {
  selections: readonly RuleSelection[];
  now: Date;
  /** Sorted by key id or ARN, so that a cursor (the sweep's) can count in the list across runs; else in listing order. */
  sorted?: boolean;
  /** Told how many resources are listed so far: every hundred, and once at the end. */
  onListed?: (resourceType: ResourceType, count: number) => void;
}

/** Gathers a paged listing, reporting its progress. */
async function gather<T>(items: AsyncIterable<T>, resourceType: ResourceType, options: ListingOptions) {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
    if (all.length % 100 === 0) options.onListed?.(resourceType, all.length);
  }
  options.onListed?.(resourceType, all.length);
  return all;
}

/**
 * Every key of the region as a pending resource, with the aliases of one region-wide listing.
 * Nothing is listed when no selected rule judges keys.
 */
export async function listPendingKeys(
  reader: KeyReader,
  options: ListingOptions,
): Promise<PendingResource[]> {
  const { selections, now, exemptions, turns } = options;
  if (selectionsFor(selections, "AWS::KMS::Key").length === 0) return [];
  const [refs, aliases] = await Promise.all([
    gather(reader.listKeys(), "AWS::KMS::Key", options),
    reader.listAliases(),
  ]);
  if (options.sorted) refs.sort((a, b) => a.keyId.localeCompare(b.keyId));
  return refs.map((ref) =>
    pendingKey(reader, ref.keyId, arnLocation(ref.keyArn), selections, now, {
      aliases: aliases.get(ref.keyId) ?? [],
      exemptions,
      turns,
    }),
  );
}

/** Every certificate of the region as a pending resource, its list summary the start of its snapshot. */
export async function listPendingCertificates(
  reader: CertificateReader,
  options: ListingOptions,
): Promise<PendingResource[]> {
  const { selections, now, exemptions, turns } = options;
  if (selectionsFor(selections, "AWS::ACM::Certificate").length === 0) return [];
  const summaries = await gather(reader.listCertificates(), "AWS::ACM::Certificate", options);
  if (options.sorted) summaries.sort((a, b) => a.arn.localeCompare(b.arn));
  return summaries.map((summary) =>
    listedPendingCertificate(reader, summary, selections, now, { exemptions, turns }),
  );
}

/** Every private CA of the region as a pending resource: the listing is its whole snapshot but the tags. */
export async function listPendingAuthorities(
  reader: CertificateAuthorityReader,
  options: ListingOptions,
): Promise<PendingResource[]> {
  const { selections, now, exemptions, turns } = options;
  const resourceType = "AWS::ACMPCA::CertificateAuthority";
  if (selectionsFor(selections, resourceType).length === 0) return [];
  const summaries = await gather(reader.listCertificateAuthorities(), resourceType, options);
  if (options.sorted) summaries.sort((a, b) => a.arn.localeCompare(b.arn));
  return summaries.map((summary) =>
    listedPendingAuthority(reader, summary, selections, now, { exemptions, turns }),
  );
}

/**
 * Every key of one custom key store as a pending resource, found from a fresh read (ListKeys and
 * DescribeKey); each key's snapshot starts from the DescribeKey answer that found it.
 */
export async function pendingKeysInCustomKeyStore(
  reader: KeyReader,
  customKeyStoreId: string,
  where: { account: string; region: string },
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions = {},
): Promise<PendingResource[]> {
  if (selectionsFor(selections, "AWS::KMS::Key").length === 0) return [];
  const keys = await keysInCustomKeyStore(reader, customKeyStoreId);
  return keys.map((described) =>
    pendingKey(reader, described.arn, where, selections, now, { ...options, described }),
  );
}
