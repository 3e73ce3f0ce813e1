/**
 * KMS as the local endpoint models it: the operations keysentry reads and the writes
 * remediation uses, with the key-state rules of the KMS Developer Guide ("Key states of
 * AWS KMS keys") and the error codes of the KMS API reference.
 */
import { defaultKeyPolicy } from "../../../shared/rules";
import { AwsError, decodeMarker, encodeMarker, pageLimit, validation } from "./errors";
import type { SeedKey } from "./seed";

interface KeyRecord {
  seed: SeedKey;
  keyId: string;
  arn: string;
  state: string;
  manager: "AWS" | "CUSTOMER";
  spec: string;
  origin: string;
  created: Date;
  deletionDate?: Date;
  validTo?: Date;
  rotation: { enabled: boolean; periodDays: number; next?: Date; onDemandStart?: Date };
  rotations: { date: Date; type: string }[];
  policy: string;
  tags: Map<string, string>;
}

type Input = Record<string, unknown>;

const DAY_MS = 86_400_000;
const epoch = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);
const optionalDate = (value: string | undefined) => (value ? new Date(value) : undefined);

export class KmsState {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly aliases = new Map<string, { name: string; target: string; created: Date }>();

  constructor(
    readonly account: string,
    readonly region: string,
    seeds: SeedKey[],
    private readonly clock: () => Date,
  ) {
    for (const seed of seeds) this.add(seed);
  }

  private add(seed: SeedKey) {
    const arn = `arn:aws:kms:${this.region}:${this.account}:key/${seed.KeyId}`;
    const record: KeyRecord = {
      seed,
      keyId: seed.KeyId,
      arn,
      state: seed.KeyState ?? "Enabled",
      manager: seed.KeyManager ?? "CUSTOMER",
      spec: seed.KeySpec ?? "SYMMETRIC_DEFAULT",
      origin: seed.Origin ?? "AWS_KMS",
      created: new Date(seed.CreationDate),
      deletionDate: optionalDate(seed.DeletionDate),
      validTo: optionalDate(seed.ValidTo),
      rotation: {
        enabled: seed.Rotation?.Enabled ?? seed.KeyManager === "AWS",
        periodDays: seed.Rotation?.RotationPeriodInDays ?? 365,
        next: optionalDate(seed.Rotation?.NextRotationDate),
        onDemandStart: optionalDate(seed.Rotation?.OnDemandRotationStartDate),
      },
      rotations: (seed.Rotations ?? []).map((r) => ({
        date: new Date(r.RotationDate),
        type: r.RotationType,
      })),
      policy: seed.Policy ? JSON.stringify(seed.Policy) : JSON.stringify(defaultKeyPolicy(this.account)),
      tags: new Map(Object.entries(seed.Tags ?? {})),
    };
    this.keys.set(seed.KeyId, record);
    for (const name of seed.Aliases ?? [])
      this.aliases.set(name, { name, target: seed.KeyId, created: record.created });
  }

  /** Every key's ARN and tags, for the Tagging API (lower case: not an operation). */
  taggedResources(): { arn: string; tags: Map<string, string> }[] {
    return [...this.keys.values()].map(({ arn, tags }) => ({ arn, tags }));
  }

  /** KeyId may be a key id, key ARN, alias name or alias ARN (KMS API reference, KeyId). */
  private find(input: Input): KeyRecord {
    const raw = input.KeyId;
    if (typeof raw !== "string" || raw === "")
      throw validation(
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      );
    let id = raw;
    const aliasName = raw.startsWith("alias/")
      ? raw
      : raw.includes(":alias/")
        ? raw.slice(raw.indexOf("alias/"))
        : undefined;
    if (aliasName) id = this.aliases.get(aliasName)?.target ?? "";
    else if (raw.startsWith("arn:")) {
      if (!raw.startsWith(`arn:aws:kms:${this.region}:${this.account}:key/`))
        throw new AwsError("NotFoundException", `Key '${raw}' does not exist`);
      id = raw.slice(raw.lastIndexOf("/") + 1);
    }
    const key = this.keys.get(id);
    if (!key)
      throw new AwsError(
        "NotFoundException",
        `Key '${raw.startsWith("arn:") ? raw : `arn:aws:kms:${this.region}:${this.account}:key/${raw}`}' does not exist`,
      );
    return key;
  }

  private invalidState(key: KeyRecord): AwsError {
    return new AwsError("KMSInvalidStateException", `${key.arn} is ${key.state}`);
  }

  private rotationSupported(key: KeyRecord): boolean {
    return key.spec === "SYMMETRIC_DEFAULT" && key.origin === "AWS_KMS" && !key.seed.CustomKeyStoreId;
  }

  private metadata(key: KeyRecord) {
    const s = key.seed;
    return {
      AWSAccountId: this.account,
      KeyId: key.keyId,
      Arn: key.arn,
      CreationDate: epoch(key.created),
      Enabled: key.state === "Enabled",
      Description: s.Description ?? "",
      KeyUsage: s.KeyUsage ?? (key.spec.startsWith("HMAC") ? "GENERATE_VERIFY_MAC" : "ENCRYPT_DECRYPT"),
      KeyState: key.state,
      DeletionDate: key.state === "PendingDeletion" ? epoch(key.deletionDate) : undefined,
      ValidTo: epoch(key.validTo),
      Origin: key.origin,
      CustomKeyStoreId: s.CustomKeyStoreId,
      ExpirationModel:
        key.origin === "EXTERNAL" ? (s.ExpirationModel ?? "KEY_MATERIAL_DOES_NOT_EXPIRE") : undefined,
      KeyManager: key.manager,
      CustomerMasterKeySpec: key.spec,
      KeySpec: key.spec,
      EncryptionAlgorithms: key.spec === "SYMMETRIC_DEFAULT" ? ["SYMMETRIC_DEFAULT"] : undefined,
      MultiRegion: s.MultiRegion ?? false,
      MultiRegionConfiguration: s.MultiRegionConfiguration,
      PendingDeletionWindowInDays:
        key.state === "PendingReplicaDeletion" ? s.PendingDeletionWindowInDays : undefined,
    };
  }

  ListKeys(input: Input) {
    const limit = pageLimit(input.Limit, 100, 1000);
    const start = decodeMarker(input.Marker, "InvalidMarkerException");
    const all = [...this.keys.values()];
    const page = all.slice(start, start + limit);
    const truncated = start + limit < all.length;
    return {
      Keys: page.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })),
      Truncated: truncated,
      NextMarker: truncated ? encodeMarker(start + limit) : undefined,
    };
  }

  ListAliases(input: Input) {
    const limit = pageLimit(input.Limit, 50, 100);
    const start = decodeMarker(input.Marker, "InvalidMarkerException");
    const target = input.KeyId !== undefined ? this.find(input).keyId : undefined;
    const all = [...this.aliases.values()].filter((a) => !target || a.target === target);
    const page = all.slice(start, start + limit);
    const truncated = start + limit < all.length;
    return {
      Aliases: page.map((a) => ({
        AliasName: a.name,
        AliasArn: `arn:aws:kms:${this.region}:${this.account}:${a.name}`,
        TargetKeyId: a.target,
        CreationDate: epoch(a.created),
        LastUpdatedDate: epoch(a.created),
      })),
      Truncated: truncated,
      NextMarker: truncated ? encodeMarker(start + limit) : undefined,
    };
  }

  DescribeKey(input: Input) {
    return { KeyMetadata: this.metadata(this.find(input)) };
  }

  GetKeyRotationStatus(input: Input) {
    const key = this.find(input);
    if (!this.rotationSupported(key))
      throw new AwsError(
        "UnsupportedOperationException",
        `${key.arn} origin is ${key.origin} which is not valid for this operation.`,
      );
    if (key.state === "PendingImport" || key.state === "Unavailable") throw this.invalidState(key);
    // While a key is pending deletion its rotation status reads false (KMS API reference, GetKeyRotationStatus).
    const enabled = key.rotation.enabled && key.state !== "PendingDeletion";
    return {
      KeyId: key.arn,
      KeyRotationEnabled: enabled,
      RotationPeriodInDays: enabled ? key.rotation.periodDays : undefined,
      NextRotationDate: enabled ? epoch(key.rotation.next) : undefined,
      OnDemandRotationStartDate: epoch(key.rotation.onDemandStart),
    };
  }

  ListKeyRotations(input: Input) {
    const key = this.find(input);
    if (key.spec !== "SYMMETRIC_DEFAULT" || key.seed.CustomKeyStoreId) {
      throw new AwsError("UnsupportedOperationException", `${key.arn} does not support key rotations.`);
    }
    const limit = pageLimit(input.Limit, 100, 1000);
    const start = decodeMarker(input.Marker, "InvalidMarkerException");
    const page = key.rotations.slice(start, start + limit);
    const truncated = start + limit < key.rotations.length;
    return {
      Rotations: page.map((r) => ({ KeyId: key.arn, RotationDate: epoch(r.date), RotationType: r.type })),
      Truncated: truncated,
      NextMarker: truncated ? encodeMarker(start + limit) : undefined,
    };
  }

  GetKeyPolicy(input: Input) {
    const key = this.find(input);
    const name = input.PolicyName ?? "default";
    if (name !== "default") throw new AwsError("NotFoundException", `No such policy exists: ${String(name)}`);
    return { Policy: key.policy, PolicyName: "default" };
  }

  ListResourceTags(input: Input) {
    const key = this.find(input);
    const limit = pageLimit(input.Limit, 50, 50);
    const start = decodeMarker(input.Marker, "InvalidMarkerException");
    const all = [...key.tags.entries()];
    const truncated = start + limit < all.length;
    return {
      Tags: all.slice(start, start + limit).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      Truncated: truncated,
      NextMarker: truncated ? encodeMarker(start + limit) : undefined,
    };
  }

  private customerKey(input: Input): KeyRecord {
    const key = this.find(input);
    if (key.manager === "AWS")
      throw new AwsError("AccessDeniedException", `You cannot modify the AWS managed key ${key.arn}.`);
    return key;
  }

  EnableKeyRotation(input: Input) {
    const key = this.customerKey(input);
    if (!this.rotationSupported(key))
      throw new AwsError(
        "UnsupportedOperationException",
        `${key.arn} origin is ${key.origin} which is not valid for this operation.`,
      );
    if (key.state === "Disabled") throw new AwsError("DisabledException", `${key.arn} is disabled.`);
    if (key.state !== "Enabled") throw this.invalidState(key);
    const period = input.RotationPeriodInDays === undefined ? 365 : Number(input.RotationPeriodInDays);
    // RotationPeriodInDays: 90 to 2560 (KMS API reference, EnableKeyRotation).
    if (!Number.isInteger(period) || period < 90 || period > 2560) {
      throw validation(
        `1 validation error detected: Value '${input.RotationPeriodInDays}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between 90 and 2560`,
      );
    }
    const wasEnabled = key.rotation.enabled;
    key.rotation = { ...key.rotation, enabled: true, periodDays: period };
    if (!wasEnabled || !key.rotation.next)
      key.rotation.next = new Date(this.clock().getTime() + period * DAY_MS);
    return {};
  }

  DisableKeyRotation(input: Input) {
    const key = this.customerKey(input);
    if (!this.rotationSupported(key))
      throw new AwsError(
        "UnsupportedOperationException",
        `${key.arn} origin is ${key.origin} which is not valid for this operation.`,
      );
    if (key.state !== "Enabled" && key.state !== "Disabled") throw this.invalidState(key);
    key.rotation = { ...key.rotation, enabled: false, next: undefined };
    return {};
  }

  EnableKey(input: Input) {
    const key = this.customerKey(input);
    if (key.state !== "Enabled" && key.state !== "Disabled") throw this.invalidState(key);
    key.state = "Enabled";
    return {};
  }

  DisableKey(input: Input) {
    const key = this.customerKey(input);
    if (key.state !== "Enabled" && key.state !== "Disabled") throw this.invalidState(key);
    key.state = "Disabled";
    return {};
  }

  ScheduleKeyDeletion(input: Input) {
    const key = this.customerKey(input);
    const window = input.PendingWindowInDays === undefined ? 30 : Number(input.PendingWindowInDays);
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      throw validation(
        `1 validation error detected: Value '${input.PendingWindowInDays}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30`,
      );
    }
    if (key.state === "PendingDeletion") throw this.invalidState(key);
    key.state = "PendingDeletion";
    key.deletionDate = new Date(this.clock().getTime() + window * DAY_MS);
    return {
      KeyId: key.arn,
      DeletionDate: epoch(key.deletionDate),
      KeyState: key.state,
      PendingWindowInDays: window,
    };
  }

  /** The key comes back Disabled, whatever it was before (KMS API reference, CancelKeyDeletion). */
  CancelKeyDeletion(input: Input) {
    const key = this.customerKey(input);
    if (key.state !== "PendingDeletion") throw this.invalidState(key);
    key.state = "Disabled";
    key.deletionDate = undefined;
    return { KeyId: key.arn };
  }

  PutKeyPolicy(input: Input) {
    const key = this.customerKey(input);
    if ((input.PolicyName ?? "default") !== "default")
      throw new AwsError("NotFoundException", `No such policy exists: ${String(input.PolicyName)}`);
    if (typeof input.Policy !== "string")
      throw validation(
        "1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null",
      );
    try {
      JSON.parse(input.Policy);
    } catch {
      throw new AwsError(
        "MalformedPolicyDocumentException",
        "The new key policy will not allow you to update the key policy in the future.",
      );
    }
    key.policy = input.Policy;
    return {};
  }

  TagResource(input: Input) {
    const key = this.customerKey(input);
    const tags = Array.isArray(input.Tags) ? (input.Tags as { TagKey?: string; TagValue?: string }[]) : [];
    for (const tag of tags) {
      if (!tag.TagKey) throw new AwsError("TagException", "Tag key must not be empty");
      key.tags.set(tag.TagKey, tag.TagValue ?? "");
    }
    return {};
  }

  /** Removes a key at once, as if its deletion window ended (for "deleted between list and read" tests). */
  purge(keyId: string) {
    this.keys.delete(keyId);
    for (const [name, alias] of this.aliases) if (alias.target === keyId) this.aliases.delete(name);
  }
}
