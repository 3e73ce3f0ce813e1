/**
 * ACM Private CA over AWS JSON 1.1 ("ACMPrivateCA.*"), as its API reference defines the calls
 * keysentry and its tests make: ListCertificateAuthorities (MaxResults 1 to 1000 but at most 100
 * returned, ResourceOwner SELF by default, InvalidNextTokenException), DescribeCertificateAuthority,
 * ListTags, TagCertificateAuthority/UntagCertificateAuthority, UpdateCertificateAuthority (status
 * ACTIVE or DISABLED only, from ACTIVE or DISABLED), CreateCertificateAuthority (a new CA awaits
 * its certificate), DeleteCertificateAuthority (an ACTIVE CA must be disabled first; 7 to 30
 * days restorable, 30 by default) and RestoreCertificateAuthority.
 */
import { AwsError, decodeMarker, encodeMarker } from "./errors";
import type { SeedCertificateAuthority } from "./seed";

type Input = Record<string, unknown>;

const epoch = (value: string | undefined) => (value ? new Date(value).getTime() / 1000 : undefined);
const DAY_MS = 86_400_000;
const ARN = /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]+$/;

interface AuthorityRecord {
  arn: string;
  seed: SeedCertificateAuthority;
  tags: Map<string, string>;
  /** The status before deletion, for RestoreCertificateAuthority. */
  statusBeforeDeletion?: string;
}

const invalidState = (message: string) => new AwsError("InvalidStateException", message);
const invalidArgs = (message: string) => new AwsError("InvalidArgsException", message);

function pageSize(value: unknown, max: number): number {
  if (value === undefined || value === null) return max;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new AwsError("ValidationException", "MaxResults must be between 1 and 1000");
  return Math.min(n, max);
}

export class AcmPcaState {
  private readonly authorities = new Map<string, AuthorityRecord>();

  constructor(
    private readonly account: string,
    private readonly region: string,
    seeds: SeedCertificateAuthority[],
    private readonly clock: () => Date,
  ) {
    for (const seed of seeds) this.add(seed);
  }

  arnOf(id: string): string {
    return `arn:aws:acm-pca:${this.region}:${this.account}:certificate-authority/${id}`;
  }

  private add(seed: SeedCertificateAuthority): AuthorityRecord {
    const arn = this.arnOf(seed.CertificateAuthorityId);
    const record = { arn, seed: structuredClone(seed), tags: new Map(Object.entries(seed.Tags ?? {})) };
    this.authorities.set(arn, record);
    return record;
  }

  /** For tests: the CA's current status. */
  statusOf(arn: string): string | undefined {
    return this.authorities.get(arn)?.seed.Status;
  }

  taggedResources(): { arn: string; tags: Map<string, string> }[] {
    return [...this.authorities.values()].map(({ arn, tags }) => ({ arn, tags }));
  }

  private find(input: Input): AuthorityRecord {
    const arn = input.CertificateAuthorityArn;
    if (typeof arn !== "string" || !ARN.test(arn))
      throw new AwsError("InvalidArnException", `The ARN ${String(arn).slice(0, 200)} is not valid.`);
    const record = this.authorities.get(arn);
    if (!record)
      throw new AwsError("ResourceNotFoundException", `Could not find certificate authority ${arn}.`);
    return record;
  }

  private describe({ arn, seed }: AuthorityRecord) {
    return {
      Arn: arn,
      OwnerAccount: this.account,
      CreatedAt: epoch(seed.CreatedAt),
      LastStateChangeAt: epoch(seed.LastStateChangeAt ?? seed.CreatedAt),
      Type: seed.Type,
      Serial: seed.Serial,
      Status: seed.Status,
      NotBefore: epoch(seed.NotBefore),
      NotAfter: epoch(seed.NotAfter),
      FailureReason: seed.FailureReason,
      CertificateAuthorityConfiguration: seed.CertificateAuthorityConfiguration,
      RevocationConfiguration: seed.RevocationConfiguration,
      RestorableUntil: epoch(seed.RestorableUntil),
      KeyStorageSecurityStandard: seed.KeyStorageSecurityStandard ?? "FIPS_140_2_LEVEL_3_OR_HIGHER",
      UsageMode: seed.UsageMode ?? "GENERAL_PURPOSE",
    };
  }

  ListCertificateAuthorities(input: Input) {
    const owner = input.ResourceOwner ?? "SELF";
    if (owner !== "SELF" && owner !== "OTHER_ACCOUNTS")
      throw new AwsError("ValidationException", "ResourceOwner must be SELF or OTHER_ACCOUNTS");
    // "Although the maximum value is 1000, the action only returns a maximum of 100 items."
    const size = pageSize(input.MaxResults, 100);
    // No CA is shared into this account through RAM.
    const all = owner === "SELF" ? [...this.authorities.values()] : [];
    const start = input.NextToken ? decodeMarker(input.NextToken, "InvalidNextTokenException") : 0;
    const page = all.slice(start, start + size);
    return {
      CertificateAuthorities: page.map((record) => this.describe(record)),
      NextToken: start + size < all.length ? encodeMarker(start + size) : undefined,
    };
  }

  DescribeCertificateAuthority(input: Input) {
    return { CertificateAuthority: this.describe(this.find(input)) };
  }

  ListTags(input: Input) {
    const record = this.find(input);
    const size = pageSize(input.MaxResults, 1000);
    const all = [...record.tags.entries()].map(([Key, Value]) => ({ Key, Value }));
    const start = input.NextToken ? decodeMarker(input.NextToken, "InvalidNextTokenException") : 0;
    return {
      Tags: all.slice(start, start + size),
      NextToken: start + size < all.length ? encodeMarker(start + size) : undefined,
    };
  }

  TagCertificateAuthority(input: Input) {
    const record = this.find(input);
    const tags = (input.Tags ?? []) as { Key?: unknown; Value?: unknown }[];
    if (!Array.isArray(tags) || tags.length < 1 || tags.length > 50)
      throw new AwsError("InvalidTagException", "Tags takes 1 to 50 tags");
    for (const { Key, Value } of tags) {
      if (typeof Key !== "string" || Key.length === 0)
        throw new AwsError("InvalidTagException", "Tag Key is required");
      record.tags.set(Key, typeof Value === "string" ? Value : "");
    }
    if (record.tags.size > 50) throw new AwsError("TooManyTagsException", "A CA takes at most 50 tags");
    return {};
  }

  UntagCertificateAuthority(input: Input) {
    const record = this.find(input);
    for (const { Key, Value } of (input.Tags ?? []) as { Key: string; Value?: string }[])
      if (Value === undefined || record.tags.get(Key) === Value) record.tags.delete(Key);
    return {};
  }

  UpdateCertificateAuthority(input: Input) {
    const record = this.find(input);
    const { seed } = record;
    if (input.Status !== undefined) {
      if (input.Status !== "ACTIVE" && input.Status !== "DISABLED")
        throw invalidArgs("Status can only be updated to ACTIVE or DISABLED");
      if (seed.Status !== "ACTIVE" && seed.Status !== "DISABLED")
        throw invalidState(`The certificate authority is in the ${seed.Status} state.`);
      seed.Status = input.Status;
      seed.LastStateChangeAt = this.clock().toISOString();
    }
    if (input.RevocationConfiguration !== undefined)
      seed.RevocationConfiguration =
        input.RevocationConfiguration as SeedCertificateAuthority["RevocationConfiguration"];
    return {};
  }

  CreateCertificateAuthority(input: Input) {
    const configuration = input.CertificateAuthorityConfiguration as
      | SeedCertificateAuthority["CertificateAuthorityConfiguration"]
      | undefined;
    if (!configuration?.KeyAlgorithm || !configuration.SigningAlgorithm)
      throw invalidArgs("CertificateAuthorityConfiguration needs KeyAlgorithm and SigningAlgorithm");
    if (input.CertificateAuthorityType !== "ROOT" && input.CertificateAuthorityType !== "SUBORDINATE")
      throw invalidArgs("CertificateAuthorityType must be ROOT or SUBORDINATE");
    const now = this.clock().toISOString();
    const record = this.add({
      CertificateAuthorityId: crypto.randomUUID(),
      Type: input.CertificateAuthorityType,
      Status: "PENDING_CERTIFICATE",
      CreatedAt: now,
      CertificateAuthorityConfiguration: configuration,
      RevocationConfiguration:
        input.RevocationConfiguration as SeedCertificateAuthority["RevocationConfiguration"],
      UsageMode: (input.UsageMode as string | undefined) ?? "GENERAL_PURPOSE",
    });
    for (const { Key, Value } of (input.Tags ?? []) as { Key: string; Value?: string }[])
      record.tags.set(Key, Value ?? "");
    return { CertificateAuthorityArn: record.arn };
  }

  DeleteCertificateAuthority(input: Input) {
    const record = this.find(input);
    const days =
      input.PermanentDeletionTimeInDays === undefined ? 30 : Number(input.PermanentDeletionTimeInDays);
    if (!Number.isInteger(days) || days < 7 || days > 30)
      throw new AwsError("ValidationException", "PermanentDeletionTimeInDays must be between 7 and 30");
    const { seed } = record;
    if (seed.Status === "ACTIVE")
      throw invalidState("An ACTIVE certificate authority must be disabled before deletion.");
    if (seed.Status === "DELETED") throw invalidState("The certificate authority is already deleted.");
    const now = this.clock();
    record.statusBeforeDeletion = seed.Status;
    seed.Status = "DELETED";
    seed.LastStateChangeAt = now.toISOString();
    seed.RestorableUntil = new Date(now.getTime() + days * DAY_MS).toISOString();
    return {};
  }

  /** A restored CA returns DISABLED, or PENDING_CERTIFICATE when it had no certificate (API reference). */
  RestoreCertificateAuthority(input: Input) {
    const record = this.find(input);
    const { seed } = record;
    if (seed.Status !== "DELETED")
      throw invalidState("Only a DELETED certificate authority can be restored.");
    seed.Status =
      record.statusBeforeDeletion === "PENDING_CERTIFICATE" || !seed.NotAfter
        ? "PENDING_CERTIFICATE"
        : "DISABLED";
    seed.RestorableUntil = undefined;
    seed.LastStateChangeAt = this.clock().toISOString();
    return {};
  }
}
