import type { KeySnapshot } from "../model";

/** Why a key is outside customer-managed rules, or undefined when it is in scope. */
export function awsManagedReason(key: KeySnapshot): string | undefined {
  return key.key.keyManager === "AWS"
    ? "AWS-managed key: AWS owns its policy and rotates it every year"
    : undefined;
}

/**
 * Why automatic rotation does not apply to a key, or undefined when it does. Automatic
 * rotation exists only for symmetric encryption keys with KMS-generated material outside
 * custom key stores (KMS API reference, EnableKeyRotation); replicas follow their primary.
 */
export function rotationIneligibility(key: KeySnapshot): string | undefined {
  const meta = key.key;
  const awsManaged = awsManagedReason(key);
  if (awsManaged) return awsManaged;
  if (meta.keySpec !== "SYMMETRIC_DEFAULT") return `${meta.keySpec} keys do not support automatic rotation`;
  if (meta.origin === "EXTERNAL") return "keys with imported key material do not support automatic rotation";
  if (meta.customKeyStoreId || meta.origin === "AWS_CLOUDHSM" || meta.origin === "EXTERNAL_KEY_STORE") {
    return "keys in a custom key store do not support automatic rotation";
  }
  if (meta.multiRegionConfiguration?.keyType === "REPLICA") {
    const primary = meta.multiRegionConfiguration.primaryKey;
    return `multi-Region replica: rotation is set on its primary key${primary ? ` in ${primary.region}` : ""}`;
  }
  if (meta.keyState === "PendingDeletion" || meta.keyState === "PendingReplicaDeletion")
    return "key is pending deletion";
  if (meta.keyState === "PendingImport" || meta.keyState === "Creating") return `key is ${meta.keyState}`;
  return undefined;
}
