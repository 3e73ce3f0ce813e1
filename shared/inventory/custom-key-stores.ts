import pLimit from "p-limit";
import type { KeyMetadata } from "../model";
import type { KeyReader } from "./ports";
import { ResourceGoneError } from "./ports";

/**
 * DescribeKey calls at once while looking for a store's keys: well inside KMS's shared quota for
 * DescribeKey (KMS Developer Guide, "Request quotas"), which the account's other callers use too.
 */
const DESCRIBE_CONCURRENCY = 8;

/**
 * The keys of one custom key store, read fresh: ListKeys, then DescribeKey on each key, kept when
 * its KeyMetadata.CustomKeyStoreId is the store's. KMS has no call that lists a store's keys.
 * A key deleted between the two reads is no longer in any store.
 */
export async function keysInCustomKeyStore(
  reader: KeyReader,
  customKeyStoreId: string,
): Promise<KeyMetadata[]> {
  const run = pLimit(DESCRIBE_CONCURRENCY);
  const described: Promise<KeyMetadata | undefined>[] = [];
  for await (const ref of reader.listKeys()) {
    described.push(
      run(() =>
        reader.describeKey(ref.keyId).catch((error: unknown) => {
          if (error instanceof ResourceGoneError) return undefined;
          throw error;
        }),
      ),
    );
  }
  const keys = await Promise.all(described);
  return keys.filter((key): key is KeyMetadata => key?.customKeyStoreId === customKeyStoreId);
}
