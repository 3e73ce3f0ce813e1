import {
  DescribeKeyCommand,
  GetKeyLastUsageCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  type GrantListEntry,
  type KMSClient,
  ListAliasesCommand,
  type ListAliasesCommandOutput,
  ListGrantsCommand,
  type ListGrantsCommandOutput,
  NotFoundException,
  paginateListAliases,
  paginateListKeyRotations,
  paginateListKeys,
  paginateListResourceTags,
  type RotationsListEntry,
  type KeyMetadata as SdkKeyMetadata,
  UnsupportedOperationException,
} from "@aws-sdk/client-kms";
import { KeysentryError } from "../errors";
import { type KeyReader, type KeyRef, ResourceGoneError } from "../inventory";
import type {
  GrantConstraints,
  KeyGrant,
  KeyMaterial,
  KeyMaterials,
  KeyMetadata,
  KeyOrigin,
  KeyState,
  LastRotation,
  LastUsage,
  RotationStatus,
  Tags,
} from "../model";
import { goneWhen } from "./gone";
import { checkedPages, PageMarkers } from "./page-markers";

/** An answer without a field keysentry cannot judge without: an ERROR for the rules that need it, never a guess. */
export class IncompleteAnswerError extends KeysentryError {
  override readonly name = "IncompleteAnswerError";
  constructor(
    readonly operation: string,
    readonly problem: string,
  ) {
    super(`${operation} answered without ${problem}`);
  }
}

/** A timestamp the SDK parsed from an untrusted epoch: absent, or a real date, never "Invalid Date". */
function checkedDate(value: Date | undefined, operation: string, field: string): Date | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(value.getTime())) throw new IncompleteAnswerError(operation, `a valid ${field}`);
  return value;
}

/** An enum or id field of an untrusted answer: kept as sent when it is a string, dropped otherwise. */
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Page sizes: ListKeys up to 1000, ListAliases and ListGrants up to 100, ListKeyRotations and ListResourceTags up to 1000 (KMS API reference). */
const PAGE = { keys: 1000, aliases: 100, grants: 100, rotations: 1000, tags: 50 } as const;

/**
 * Twice KMS's default of 50,000 grants per key (KMS Developer Guide, "Resource quotas"): a listing
 * longer than that is refused rather than held in memory.
 */
export const MAX_GRANTS = 100_000;

export class TooManyGrantsError extends KeysentryError {
  override readonly name = "TooManyGrantsError";
  constructor(readonly keyId: string) {
    super(`ListGrants listed more than ${MAX_GRANTS} grants on ${keyId}; keysentry reads no further`);
  }
}

function toKeyMetadata(meta: SdkKeyMetadata | undefined, keyId: string): KeyMetadata {
  if (!meta?.KeyId || !meta.Arn) throw new ResourceGoneError(keyId);
  const mrc = meta.MultiRegionConfiguration;
  return {
    keyId: meta.KeyId,
    arn: meta.Arn,
    description: meta.Description || undefined,
    keyState: (meta.KeyState ?? "Enabled") as KeyState,
    keyManager: meta.KeyManager === "AWS" ? "AWS" : "CUSTOMER",
    keySpec: meta.KeySpec ?? "SYMMETRIC_DEFAULT",
    keyUsage: meta.KeyUsage ?? "ENCRYPT_DECRYPT",
    origin: (meta.Origin ?? "AWS_KMS") as KeyOrigin,
    customKeyStoreId: meta.CustomKeyStoreId,
    multiRegion: meta.MultiRegion ?? false,
    multiRegionConfiguration: mrc?.MultiRegionKeyType
      ? {
          keyType: mrc.MultiRegionKeyType,
          primaryKey: mrc.PrimaryKey?.Arn
            ? { arn: mrc.PrimaryKey.Arn, region: mrc.PrimaryKey.Region ?? "" }
            : undefined,
          replicaKeys: (mrc.ReplicaKeys ?? []).map((r) => ({ arn: r.Arn ?? "", region: r.Region ?? "" })),
        }
      : undefined,
    creationDate: meta.CreationDate ?? new Date(0),
    deletionDate: meta.DeletionDate,
    pendingDeletionWindowInDays: meta.PendingDeletionWindowInDays,
    validTo: meta.ValidTo,
    expirationModel: meta.ExpirationModel,
    currentKeyMaterialId: text(meta.CurrentKeyMaterialId),
  };
}

function toKeyMaterial(entry: RotationsListEntry): KeyMaterial {
  return {
    id: text(entry.KeyMaterialId) ?? "",
    state: text(entry.KeyMaterialState) ?? "",
    importState: text(entry.ImportState),
    expirationModel: text(entry.ExpirationModel),
    validTo: checkedDate(entry.ValidTo, "ListKeyRotations", "ValidTo"),
    rotationDate: checkedDate(entry.RotationDate, "ListKeyRotations", "RotationDate"),
  };
}

/** An encryption-context constraint: string pairs only, anything else in an untrusted answer dropped. */
function contextPairs(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== "object") return undefined;
  const pairs: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") pairs[k] = v;
  return pairs;
}

function toGrant(entry: GrantListEntry): KeyGrant {
  const grantId = text(entry.GrantId);
  if (!grantId) throw new IncompleteAnswerError("ListGrants", "a GrantId for every grant");
  const c = entry.Constraints;
  const constraints: GrantConstraints = {
    encryptionContextSubset: contextPairs(c?.EncryptionContextSubset),
    encryptionContextEquals: contextPairs(c?.EncryptionContextEquals),
    sourceArn: text(c?.SourceArn),
  };
  return {
    grantId,
    name: text(entry.Name) || undefined,
    creationDate: checkedDate(entry.CreationDate, "ListGrants", "CreationDate"),
    granteePrincipal: text(entry.GranteePrincipal),
    granteeServicePrincipal: text(entry.GranteeServicePrincipal),
    retiringPrincipal: text(entry.RetiringPrincipal),
    retiringServicePrincipal: text(entry.RetiringServicePrincipal),
    issuingAccount: text(entry.IssuingAccount),
    operations: (entry.Operations ?? []).flatMap((op) => (typeof op === "string" ? [op] : [])),
    constraints: Object.fromEntries(Object.entries(constraints).filter(([, v]) => v !== undefined)),
  };
}

const onKey = goneWhen(NotFoundException);

export class KmsKeyReader implements KeyReader {
  constructor(private readonly kms: KMSClient) {}

  async *listKeys(): AsyncIterable<KeyRef> {
    const pages = paginateListKeys({ client: this.kms, pageSize: PAGE.keys }, {});
    for await (const page of checkedPages("ListKeys", pages, (p) => p.NextMarker)) {
      for (const key of page.Keys ?? []) {
        if (key.KeyId && key.KeyArn) yield { keyId: key.KeyId, keyArn: key.KeyArn };
      }
    }
  }

  async listAliases(): Promise<Map<string, string[]>> {
    const byKey = new Map<string, string[]>();
    const pages = paginateListAliases({ client: this.kms, pageSize: PAGE.aliases }, {});
    for await (const page of checkedPages("ListAliases", pages, (p) => p.NextMarker)) {
      for (const alias of page.Aliases ?? []) {
        // AWS-managed aliases are listed before their key exists; they have no target yet.
        if (!alias.TargetKeyId || !alias.AliasName) continue;
        byKey.set(alias.TargetKeyId, [...(byKey.get(alias.TargetKeyId) ?? []), alias.AliasName]);
      }
    }
    return byKey;
  }

  aliasesOf(keyId: string): Promise<string[]> {
    return onKey(keyId, async () => {
      const names: string[] = [];
      const markers = new PageMarkers("ListAliases");
      let marker: string | undefined;
      do {
        const page: ListAliasesCommandOutput = await this.kms.send(
          new ListAliasesCommand({ KeyId: keyId, Limit: PAGE.aliases, Marker: marker }),
        );
        names.push(...(page.Aliases ?? []).flatMap((a) => (a.AliasName ? [a.AliasName] : [])));
        marker = markers.follow(page.Truncated ? page.NextMarker : undefined);
      } while (marker);
      return names;
    });
  }

  describeKey(keyId: string): Promise<KeyMetadata> {
    return onKey(keyId, async () => {
      const { KeyMetadata } = await this.kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      return toKeyMetadata(KeyMetadata, keyId);
    });
  }

  rotationStatus(keyId: string): Promise<RotationStatus> {
    return onKey(keyId, async () => {
      try {
        const out = await this.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
        return {
          supported: true,
          enabled: out.KeyRotationEnabled ?? false,
          periodDays: out.RotationPeriodInDays,
          nextRotationDate: out.NextRotationDate,
          onDemandRotationStartDate: out.OnDemandRotationStartDate,
        };
      } catch (error) {
        if (error instanceof UnsupportedOperationException) return { supported: false };
        throw error;
      }
    });
  }

  lastRotation(keyId: string): Promise<LastRotation> {
    return onKey(keyId, async () => {
      let last: LastRotation = null;
      const pages = paginateListKeyRotations(
        { client: this.kms, pageSize: PAGE.rotations },
        { KeyId: keyId },
      );
      for await (const page of checkedPages("ListKeyRotations", pages, (p) => p.NextMarker)) {
        for (const rotation of page.Rotations ?? []) {
          if (rotation.RotationDate && (!last || rotation.RotationDate > last.date)) {
            last = {
              date: rotation.RotationDate,
              type: rotation.RotationType === "ON_DEMAND" ? "ON_DEMAND" : "AUTOMATIC",
            };
          }
        }
      }
      return last;
    });
  }

  /** IncludeKeyMaterial ALL_KEY_MATERIAL adds the first material and imports pending rotation (KMS API reference, ListKeyRotations). */
  keyMaterials(keyId: string): Promise<KeyMaterials> {
    return onKey(keyId, async () => {
      const all: KeyMaterial[] = [];
      const pages = paginateListKeyRotations(
        { client: this.kms, pageSize: PAGE.rotations },
        { KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" },
      );
      for await (const page of checkedPages("ListKeyRotations", pages, (p) => p.NextMarker)) {
        all.push(...(page.Rotations ?? []).map(toKeyMaterial));
      }
      // A key with material has exactly one CURRENT material: KMS encrypts with it.
      const current = all.filter((m) => m.state === "CURRENT");
      if (current.length !== 1)
        throw new IncompleteAnswerError(
          "ListKeyRotations",
          `exactly one CURRENT key material (${current.length})`,
        );
      return { current: current[0]!, others: all.filter((m) => m !== current[0]) };
    });
  }

  lastUsage(keyId: string): Promise<LastUsage> {
    return onKey(keyId, async () => {
      const out = await this.kms.send(new GetKeyLastUsageCommand({ KeyId: keyId }));
      // Without it, "no use recorded" has no beginning: nothing can be counted from it.
      const trackingStartDate = checkedDate(out.TrackingStartDate, "GetKeyLastUsage", "TrackingStartDate");
      if (!trackingStartDate) throw new IncompleteAnswerError("GetKeyLastUsage", "TrackingStartDate");
      const last = out.KeyLastUsage;
      const at = checkedDate(last?.Timestamp, "GetKeyLastUsage", "KeyLastUsage.Timestamp");
      return {
        trackingStartDate,
        // KeyLastUsage is an empty object when the key was not used since tracking began (KMS API reference).
        last: at
          ? { at, operation: text(last?.Operation), cloudTrailEventId: text(last?.CloudTrailEventId) }
          : undefined,
      };
    });
  }

  keyPolicy(keyId: string): Promise<string> {
    return onKey(keyId, async () => {
      // "default" is the only policy name KMS supports (KMS API reference, GetKeyPolicy).
      const { Policy } = await this.kms.send(
        new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }),
      );
      return Policy ?? "";
    });
  }

  /** ListGrants is paged by Truncated and NextMarker (KMS API reference, ListGrants). */
  grants(keyId: string): Promise<KeyGrant[]> {
    return onKey(keyId, async () => {
      const grants: KeyGrant[] = [];
      const markers = new PageMarkers("ListGrants");
      let marker: string | undefined;
      do {
        const page: ListGrantsCommandOutput = await this.kms.send(
          new ListGrantsCommand({ KeyId: keyId, Limit: PAGE.grants, Marker: marker }),
        );
        for (const entry of page.Grants ?? []) {
          if (grants.length >= MAX_GRANTS) throw new TooManyGrantsError(keyId);
          grants.push(toGrant(entry));
        }
        marker = markers.follow(page.Truncated ? page.NextMarker : undefined);
      } while (marker);
      return grants;
    });
  }

  tags(keyId: string): Promise<Tags> {
    return onKey(keyId, async () => {
      const tags: Tags = {};
      const pages = paginateListResourceTags({ client: this.kms, pageSize: PAGE.tags }, { KeyId: keyId });
      for await (const page of checkedPages("ListResourceTags", pages, (p) => p.NextMarker)) {
        for (const tag of page.Tags ?? []) if (tag.TagKey) tags[tag.TagKey] = tag.TagValue ?? "";
      }
      return tags;
    });
  }
}
