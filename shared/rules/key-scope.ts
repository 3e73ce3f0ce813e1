import { isKnownKeySpec, type KeySnapshot } from "../model";

/** Why a key is outside customer-managed rules, or undefined when it is in scope. */
export function awsManagedReason(key: KeySnapshot): string | undefined {
  return key.key.keyManager === "AWS"
    ? "AWS-managed key: AWS owns its policy and rotates it every year"
    : undefined;
}

/** Why a rule that depends on the key spec cannot judge this key, or undefined: never a guess about a spec. */
export function unknownSpecReason(key: KeySnapshot): string | undefined {
  const spec = key.key.keySpec;
  return isKnownKeySpec(spec) ? undefined : `key spec ${spec} is not known to this version of keysentry`;
}

/**
 * How a key's material rotates: `automatic` (KMS generates it; automatic and on-demand rotation),
 * `imported` (EXTERNAL origin: on demand, once new material is imported), or why it cannot here.
 * Both kinds exist only for symmetric encryption keys outside custom key stores, and a multi-Region
 * replica follows its primary (KMS API reference, EnableKeyRotation, RotateKeyOnDemand,
 * ImportKeyMaterial).
 */
export function rotationScope(key: KeySnapshot): { rotates: "automatic" | "imported" } | { reason: string } {
  const meta = key.key;
  const outside = awsManagedReason(key) ?? unknownSpecReason(key);
  if (outside) return { reason: outside };
  if (meta.keySpec !== "SYMMETRIC_DEFAULT") {
    return {
      reason:
        meta.origin === "EXTERNAL"
          ? `imported ${meta.keySpec} key material cannot change after its first import`
          : `${meta.keySpec} keys do not support automatic or on-demand rotation`,
    };
  }
  if (meta.customKeyStoreId || meta.origin === "AWS_CLOUDHSM" || meta.origin === "EXTERNAL_KEY_STORE") {
    return { reason: "keys in a custom key store do not support automatic rotation" };
  }
  if (meta.multiRegionConfiguration?.keyType === "REPLICA") {
    const primary = meta.multiRegionConfiguration.primaryKey;
    return {
      reason: `multi-Region replica: rotation is set on its primary key${primary ? ` in ${primary.region}` : ""}`,
    };
  }
  if (meta.keyState === "PendingDeletion" || meta.keyState === "PendingReplicaDeletion")
    return { reason: "key is pending deletion" };
  // KMS does not rotate a disabled key's material, nor let its rotation change, until it is enabled
  // again (KMS Developer Guide, "Disable automatic key rotation"); EnableKey brings it back here.
  if (meta.keyState === "Disabled")
    return {
      reason: "key is disabled: KMS neither rotates it nor lets its rotation change until it is enabled",
    };
  if (meta.keyState === "PendingImport" || meta.keyState === "Creating")
    return { reason: `key is ${meta.keyState}` };
  return { rotates: meta.origin === "EXTERNAL" ? "imported" : "automatic" };
}

/** What an imported key can do instead of automatic rotation, for the rules that judge it. */
export const IMPORTED_ROTATION =
  "imported key material has no automatic rotation: it rotates on demand (ImportKeyMaterial with ImportType NEW_KEY_MATERIAL, then RotateKeyOnDemand); kms-rotation-period judges its age";

/** Why automatic rotation does not apply to a key, or undefined when it does. */
export function rotationIneligibility(key: KeySnapshot): string | undefined {
  const scope = rotationScope(key);
  if ("reason" in scope) return scope.reason;
  return scope.rotates === "imported" ? IMPORTED_ROTATION : undefined;
}
