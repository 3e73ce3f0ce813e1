import { describe, expect, it } from "vitest";
import { type KeyReader, keysInCustomKeyStore, ResourceGoneError } from "../../../shared/inventory";
import type { KeyMetadata } from "../../../shared/model";

const arn = (id: string) => `arn:aws:kms:eu-west-1:111122223333:key/${id}`;

function metadata(keyId: string, customKeyStoreId?: string): KeyMetadata {
  return {
    keyId,
    arn: arn(keyId),
    keyState: "Enabled",
    keyManager: "CUSTOMER",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    origin: customKeyStoreId ? "AWS_CLOUDHSM" : "AWS_KMS",
    customKeyStoreId,
    multiRegion: false,
    creationDate: new Date("2026-01-01T00:00:00Z"),
  };
}

/** A KeyReader that lists `keys` and describes them, counting DescribeKey calls; `gone` keys vanish in between. */
function readerOf(keys: KeyMetadata[], gone: string[] = [], failing: string[] = []) {
  const described: string[] = [];
  const reader = {
    async *listKeys() {
      for (const key of keys) yield { keyId: key.keyId, keyArn: key.arn };
    },
    async describeKey(keyId: string) {
      described.push(keyId);
      if (gone.includes(keyId)) throw new ResourceGoneError(keyId);
      if (failing.includes(keyId))
        throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
      return keys.find((k) => k.keyId === keyId)!;
    },
  } as unknown as KeyReader;
  return { reader, described };
}

describe("keysInCustomKeyStore", () => {
  const keys = [metadata("k1", "cks-a"), metadata("k2"), metadata("k3", "cks-b"), metadata("k4", "cks-a")];

  it("finds the store's keys from DescribeKey, each key described once", async () => {
    const { reader, described } = readerOf(keys);
    expect((await keysInCustomKeyStore(reader, "cks-a")).map((k) => k.keyId).sort()).toEqual(["k1", "k4"]);
    expect(described.sort()).toEqual(["k1", "k2", "k3", "k4"]);
  });

  it("finds none for a store no key is in", async () => {
    expect(await keysInCustomKeyStore(readerOf(keys).reader, "cks-none")).toEqual([]);
  });

  it("leaves out a key deleted between ListKeys and DescribeKey", async () => {
    const { reader } = readerOf(keys, ["k4"]);
    expect((await keysInCustomKeyStore(reader, "cks-a")).map((k) => k.keyId)).toEqual(["k1"]);
  });

  it("lets any other read failure through, so the event is retried", async () => {
    const { reader } = readerOf(keys, [], ["k2"]);
    await expect(keysInCustomKeyStore(reader, "cks-a")).rejects.toMatchObject({
      name: "ThrottlingException",
    });
  });
});
