/**
 * KMS as the local endpoint models it: the operations keysentry reads and the writes
 * remediation uses, with the key-state rules of the KMS Developer Guide ("Key states of
 * AWS KMS keys") and the error codes of the KMS API reference.
 */
import { createHash } from "node:crypto";
import { defaultKeyPolicy } from "../shared/rules";
import { AwsError, decodeMarker, encodeMarker, pageLimit, validation } from "./errors";
import { type GrantKey, KmsGrants } from "./kms-grants";
import type { SeedKey, SeedKeyMaterial } from "./seed";

/** ListKeyRotations' IncludeKeyMaterial values (KMS API reference); ROTATIONS_ONLY when absent. */
const INCLUDE_KEY_MATERIAL = ["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"];

/** The usage a key spec is created with when the seed names none (KMS API reference, CreateKey KeyUsage). */
function defaultUsage(spec: string): string {
  if (spec.startsWith("HMAC_")) return "GENERATE_VERIFY_MAC";
  if (spec.startsWith("ML_KEM_")) return "ENCAPSULATE_DECAPSULATE";
  if (spec.startsWith("ML_DSA_") || spec.startsWith("ECC_")) return "SIGN_VERIFY";
  return "ENCRYPT_DECRYPT";
}

const RSA_SIGNING = ["PSS", "PKCS1_V1_5"].flatMap((p) => [256, 384, 512].map((n) => `RSASSA_${p}_SHA_${n}`));
const ECDSA: Record<string, string> = {
  ECC_NIST_P256: "ECDSA_SHA_256",
  ECC_SECG_P256K1: "ECDSA_SHA_256",
  ECC_NIST_P384: "ECDSA_SHA_384",
  ECC_NIST_P521: "ECDSA_SHA_512",
};

/**
 * The algorithm list KeyMetadata carries for a spec and usage, each present only for its usage
 * (KMS API reference, KeyMetadata; KMS Developer Guide, "Key spec reference"). None for a spec
 * this endpoint does not know, as a newer KMS would send fields older code cannot name.
 */
function algorithms(spec: string, usage: string): Record<string, string[]> {
  switch (usage) {
    case "ENCRYPT_DECRYPT": {
      const list =
        spec === "SYMMETRIC_DEFAULT" ? ["SYMMETRIC_DEFAULT"] : spec === "SM2" ? ["SM2PKE"] : undefined;
      const rsa = spec.startsWith("RSA_") ? ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] : undefined;
      return list || rsa ? { EncryptionAlgorithms: list ?? rsa ?? [] } : {};
    }
    case "SIGN_VERIFY": {
      if (spec.startsWith("RSA_")) return { SigningAlgorithms: RSA_SIGNING };
      if (spec === "ECC_NIST_EDWARDS25519")
        return { SigningAlgorithms: ["ED25519_SHA_512", "ED25519_PH_SHA_512"] };
      if (spec.startsWith("ML_DSA_")) return { SigningAlgorithms: ["ML_DSA_SHAKE_256"] };
      if (spec === "SM2") return { SigningAlgorithms: ["SM2DSA"] };
      return ECDSA[spec] ? { SigningAlgorithms: [ECDSA[spec]] } : {};
    }
    case "GENERATE_VERIFY_MAC":
      return spec.startsWith("HMAC_") ? { MacAlgorithms: [`HMAC_SHA_${spec.slice(5)}`] } : {};
    case "KEY_AGREEMENT":
      return { KeyAgreementAlgorithms: ["ECDH"] };
    case "ENCAPSULATE_DECAPSULATE":
      return { EncapsulationAlgorithms: ["ML_KEM"] };
    default:
      return {};
  }
}

/** A key material id: 64 hex digits, as KMS assigns them (KMS API reference, RotationsListEntry). */
const materialId = (keyId: string, index: number) =>
  createHash("sha256").update(`${keyId}#${index}`).digest("hex");

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
  /** Every material of a symmetric key, oldest first; empty for keys that cannot rotate. */
  materials: SeedKeyMaterial[];
  usage: string;
  policy: string;
  tags: Map<string, string>;
}

type Input = Record<string, unknown>;

const DAY_MS = 86_400_000;
const epoch = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);
const optionalDate = (value: string | undefined) => (value ? new Date(value) : undefined);

/**
 * A symmetric key's materials, oldest first: the seed's for an imported key (one current material
 * with the key's expiry when it names none), or KMS's first material and one per rotation.
 */
export function seedMaterials(seed: SeedKey): SeedKeyMaterial[] {
  const spec = seed.KeySpec ?? "SYMMETRIC_DEFAULT";
  const origin = seed.Origin ?? "AWS_KMS";
  if (spec !== "SYMMETRIC_DEFAULT" || seed.CustomKeyStoreId) return [];
  if (origin === "EXTERNAL") {
    const given = seed.KeyMaterials ?? [
      {
        KeyMaterialState: "CURRENT",
        ImportState: seed.KeyState === "PendingImport" ? "PENDING_IMPORT" : "IMPORTED",
        ExpirationModel: seed.ExpirationModel ?? "KEY_MATERIAL_DOES_NOT_EXPIRE",
        ValidTo: seed.ValidTo,
      },
    ];
    return given.map((m, i) => ({ ...m, KeyMaterialId: m.KeyMaterialId ?? materialId(seed.KeyId, i) }));
  }
  if (origin !== "AWS_KMS") return [];
  const rotations = seed.Rotations ?? [];
  return [{ RotationDate: undefined, RotationType: undefined }, ...rotations].map((r, i) => ({
    KeyMaterialId: materialId(seed.KeyId, i),
    KeyMaterialState: i === rotations.length ? "CURRENT" : "NON_CURRENT",
    RotationDate: r.RotationDate,
    RotationType: r.RotationType,
  }));
}

export class KmsState {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly aliases = new Map<string, { name: string; target: string; created: Date }>();
  private readonly grants: KmsGrants;

  constructor(
    readonly account: string,
    readonly region: string,
    seeds: SeedKey[],
    private readonly clock: () => Date,
    /** When usage tracking began here (GetKeyLastUsage's TrackingStartDate for older keys). */
    trackedSince?: string,
  ) {
    this.trackedSince = optionalDate(trackedSince);
    this.grants = new KmsGrants(account, clock);
    for (const seed of seeds) this.add(seed);
  }

  private readonly trackedSince?: Date;

  private add(seed: SeedKey) {
    const arn = `arn:aws:kms:${this.region}:${this.account}:key/${seed.KeyId}`;
    const spec = seed.KeySpec ?? "SYMMETRIC_DEFAULT";
    const origin = seed.Origin ?? "AWS_KMS";
    const record: KeyRecord = {
      seed,
      keyId: seed.KeyId,
      arn,
      state: seed.KeyState ?? "Enabled",
      manager: seed.KeyManager ?? "CUSTOMER",
      spec,
      origin,
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
      materials: seedMaterials(seed),
      usage: seed.KeyUsage ?? defaultUsage(spec),
      policy: seed.Policy ? JSON.stringify(seed.Policy) : JSON.stringify(defaultKeyPolicy(this.account)),
      tags: new Map(Object.entries(seed.Tags ?? {})),
    };
    this.keys.set(seed.KeyId, record);
    this.grants.seed(seed.KeyId, seed.Grants ?? []);
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

  /** Automatic rotation is for symmetric keys with KMS-made material outside a custom key store. */
  private requireRotation(key: KeyRecord): void {
    if (key.spec === "SYMMETRIC_DEFAULT" && key.origin === "AWS_KMS" && !key.seed.CustomKeyStoreId) return;
    throw new AwsError(
      "UnsupportedOperationException",
      `${key.arn} origin is ${key.origin} which is not valid for this operation.`,
    );
  }

  private metadata(key: KeyRecord) {
    const s = key.seed;
    const current = key.materials.find((m) => m.KeyMaterialState === "CURRENT");
    return {
      AWSAccountId: this.account,
      KeyId: key.keyId,
      Arn: key.arn,
      CreationDate: epoch(key.created),
      Enabled: key.state === "Enabled",
      Description: s.Description ?? "",
      KeyUsage: key.usage,
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
      ...algorithms(key.spec, key.usage),
      MultiRegion: s.MultiRegion ?? false,
      MultiRegionConfiguration: s.MultiRegionConfiguration,
      PendingDeletionWindowInDays:
        key.state === "PendingReplicaDeletion" ? s.PendingDeletionWindowInDays : undefined,
      CurrentKeyMaterialId: current?.KeyMaterialId,
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
    this.requireRotation(key);
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
    const include = input.IncludeKeyMaterial ?? "ROTATIONS_ONLY";
    if (!INCLUDE_KEY_MATERIAL.includes(String(include)))
      throw validation(
        `1 validation error detected: Value '${include}' at 'includeKeyMaterial' failed to satisfy constraint: Member must satisfy enum value set: [${INCLUDE_KEY_MATERIAL.join(", ")}]`,
      );
    const limit = pageLimit(input.Limit, 100, 1000);
    const start = decodeMarker(input.Marker, "InvalidMarkerException");
    // By default only completed rotations; ALL_KEY_MATERIAL adds the first material and pending imports.
    const listed =
      include === "ALL_KEY_MATERIAL" ? key.materials : key.materials.filter((m) => m.RotationDate);
    const imported = key.origin === "EXTERNAL";
    const page = listed.slice(start, start + limit);
    const truncated = start + limit < listed.length;
    return {
      Rotations: page.map((m) => ({
        KeyId: key.arn,
        KeyMaterialId: m.KeyMaterialId,
        KeyMaterialState: m.KeyMaterialState,
        RotationDate: epoch(optionalDate(m.RotationDate)),
        RotationType: m.RotationType,
        // These four are present only for imported keys (KMS API reference, RotationsListEntry).
        ...(imported
          ? {
              KeyMaterialDescription: m.KeyMaterialDescription,
              ImportState: m.ImportState ?? "IMPORTED",
              ExpirationModel: m.ExpirationModel ?? "KEY_MATERIAL_DOES_NOT_EXPIRE",
              ValidTo:
                m.ExpirationModel === "KEY_MATERIAL_EXPIRES" ? epoch(optionalDate(m.ValidTo)) : undefined,
            }
          : {}),
      })),
      Truncated: truncated,
      NextMarker: truncated ? encodeMarker(start + limit) : undefined,
    };
  }

  /**
   * Key id or key ARN only: "Alias names are not supported", and no cross-account use (KMS API
   * reference, GetKeyLastUsage). An empty KeyLastUsage means no use since TrackingStartDate, the
   * later of the key's creation and the start of tracking.
   */
  GetKeyLastUsage(input: Input) {
    const raw = String(input.KeyId ?? "");
    if (raw.startsWith("alias/"))
      throw new AwsError("NotFoundException", `Alias ${raw} is not supported here`);
    if (raw.startsWith("arn:") && raw.includes(":alias/"))
      throw new AwsError("InvalidArnException", `${raw} is not a key ARN`);
    const key = this.find(input);
    const use = key.seed.LastUsage;
    const tracked = this.trackedSince && this.trackedSince > key.created ? this.trackedSince : key.created;
    return {
      KeyId: key.arn,
      KeyLastUsage: use
        ? {
            Operation: use.Operation,
            Timestamp: epoch(new Date(use.Timestamp)),
            CloudTrailEventId: use.CloudTrailEventId,
            KmsRequestId: use.KmsRequestId,
          }
        : {},
      TrackingStartDate: epoch(tracked),
      KeyCreationDate: epoch(key.created),
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
    this.requireRotation(key);
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
    this.requireRotation(key);
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
  UntagResource(input: Input) {
    const key = this.customerKey(input);
    const names = Array.isArray(input.TagKeys) ? (input.TagKeys as unknown[]) : [];
    for (const name of names) if (typeof name === "string") key.tags.delete(name);
    return {};
  }

  private grantKey(key: KeyRecord): GrantKey {
    return { keyId: key.keyId, arn: key.arn, state: key.state, spec: key.spec };
  }

  ListGrants(input: Input) {
    return this.grants.list(this.grantKey(this.find(input)), input);
  }

  CreateGrant(input: Input) {
    return this.grants.create(this.grantKey(this.customerKey(input)), input);
  }

  RetireGrant(input: Input) {
    return this.grants.retire((keyId) => this.grantKey(this.find({ KeyId: keyId })), input);
  }

  RevokeGrant(input: Input) {
    return this.grants.revoke(this.grantKey(this.customerKey(input)), input);
  }

  /** Removes a key at once, as if its deletion window ended (for "deleted between list and read" tests). */
  purge(keyId: string) {
    this.keys.delete(keyId);
    this.grants.forget(keyId);
    for (const [name, alias] of this.aliases) if (alias.target === keyId) this.aliases.delete(name);
  }
}
