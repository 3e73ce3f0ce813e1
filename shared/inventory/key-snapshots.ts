import {
  arnLocation,
  type KeyFacet,
  type KeyMetadata,
  type KeyPolicy,
  type KeySnapshot,
  UNREAD,
} from "../model";
import { parseKeyPolicy } from "../policy";
import type { KeyReader, KeyRef } from "./ports";
import { readFacet } from "./read-failure";

/**
 * DescribeKey and the aliases: what every rule's `needs` looks at first. `described` is a
 * DescribeKey answer this evaluation already read (finding a custom key store's keys), not read again.
 */
export async function loadKeySnapshot(
  reader: KeyReader,
  ref: KeyRef,
  aliases?: string[],
  described?: KeyMetadata,
): Promise<KeySnapshot> {
  const [key, names] = await Promise.all([
    described ?? reader.describeKey(ref.keyId),
    aliases ?? reader.aliasesOf(ref.keyId),
  ]);
  return {
    resourceType: "AWS::KMS::Key",
    ...arnLocation(key.arn),
    key,
    aliases: [...names].sort(),
    rotation: UNREAD,
    lastRotation: UNREAD,
    keyMaterials: UNREAD,
    lastUsage: UNREAD,
    policy: UNREAD,
    grants: UNREAD,
    tags: UNREAD,
  };
}

function parsedPolicy(text: string): KeyPolicy {
  return { text, document: parseKeyPolicy(text) };
}

/** Reads the facets asked for, in parallel; a failed read is kept as a failure. */
export async function loadKeyFacets(
  reader: KeyReader,
  snapshot: KeySnapshot,
  facets: readonly KeyFacet[],
): Promise<KeySnapshot> {
  const keyId = snapshot.key.keyId;
  const loaded = await Promise.all(
    facets.map(async (facet): Promise<Partial<KeySnapshot>> => {
      switch (facet) {
        case "rotation":
          return { rotation: await readFacet("GetKeyRotationStatus", () => reader.rotationStatus(keyId)) };
        case "lastRotation":
          return { lastRotation: await readFacet("ListKeyRotations", () => reader.lastRotation(keyId)) };
        case "keyMaterials":
          return { keyMaterials: await readFacet("ListKeyRotations", () => reader.keyMaterials(keyId)) };
        case "lastUsage":
          return { lastUsage: await readFacet("GetKeyLastUsage", () => reader.lastUsage(keyId)) };
        case "policy":
          return {
            policy: await readFacet("GetKeyPolicy", async () => parsedPolicy(await reader.keyPolicy(keyId))),
          };
        case "grants":
          return { grants: await readFacet("ListGrants", () => reader.grants(keyId)) };
        case "tags":
          return { tags: await readFacet("ListResourceTags", () => reader.tags(keyId)) };
      }
    }),
  );
  return Object.assign({ ...snapshot }, ...loaded);
}
