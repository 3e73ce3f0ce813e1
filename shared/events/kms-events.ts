/**
 * KMS events to event resources: CloudTrail "AWS API Call via CloudTrail" records of the calls that
 * change a key's compliance, and KMS's own EventBridge events (KMS Developer Guide,
 * "Monitoring with Amazon EventBridge").
 */

import type { EventFacts } from "../model";
import * as z from "../zod";
import { describeActor } from "./actor";
import { CLOUDTRAIL_DETAIL_TYPE, callCause, callFields, unwatchedCall } from "./cloudtrail";
import { type Deployment, type Envelope, elsewhere, foreignArn, parseEnvelope, parseWith } from "./envelope";
import { serviceGrantFor } from "./service-grants";
import type { EventCause, EventReading } from "./subject";

/**
 * Calls that change whether every key of a custom key store can be used (kms-key-enabled: a
 * disconnected store leaves its keys Unavailable). They name the store, not its keys.
 */
export const CUSTOM_KEY_STORE_CALLS = [
  "ConnectCustomKeyStore",
  "DisconnectCustomKeyStore",
  "UpdateCustomKeyStore",
] as const;

/** The KMS calls whose success can change a finding. */
export const WATCHED_KMS_CALLS = [
  "PutKeyPolicy",
  "CreateKey",
  "DisableKey",
  "EnableKey",
  "ScheduleKeyDeletion",
  "CancelKeyDeletion",
  "DisableKeyRotation",
  "EnableKeyRotation",
  "RotateKeyOnDemand",
  "CreateGrant",
  "RetireGrant",
  "RevokeGrant",
  "ImportKeyMaterial",
  "DeleteImportedKeyMaterial",
  "ReplicateKey",
  "UpdatePrimaryRegion",
  // Tags decide exemptions: a key exempted or un-exempted is re-read within a minute, not at the next sweep.
  "TagResource",
  "UntagResource",
  ...CUSTOM_KEY_STORE_CALLS,
] as const;

const KMS = { eventSource: "kms.amazonaws.com", name: "KMS" };

export const KMS_NATIVE_EVENTS = [
  "KMS CMK Rotation",
  "KMS CMK Deletion",
  "KMS Imported Key Material Expiration",
] as const;

const text = (max: number) => z.string().check(z.maxLength(max));
const keyId = z.string().check(z.minLength(1), z.maxLength(2048));
/** Principals are at most 256 characters, grant ids 128 (KMS API reference, CreateGrant). */
const principal = z.optional(text(256));
/** Up to 8 pairs of up to 384 characters in each encryption-context constraint (KMS API reference, CreateGrant). */
const encryptionContext = z.optional(
  z
    .record(text(384), text(384))
    .check(z.refine((pairs) => Object.keys(pairs).length <= 8, "at most 8 pairs")),
);

/** CreateGrant's request as CloudTrail records it (KMS Developer Guide, "CreateGrant" CloudTrail example). */
const grantRequest = {
  granteePrincipal: principal,
  granteeServicePrincipal: principal,
  retiringPrincipal: principal,
  retiringServicePrincipal: principal,
  // The GrantOperation enum has 19 values; a list longer than that repeats itself.
  operations: z.optional(z.array(text(64)).check(z.maxLength(64))),
  constraints: z.nullish(
    z.object({
      encryptionContextSubset: encryptionContext,
      encryptionContextEquals: encryptionContext,
      sourceArn: z.optional(text(2048)),
    }),
  ),
};

/** The KMS fields of a CloudTrail record keysentry reads, beside those of every call. */
const cloudTrailDetail = z.object({
  ...callFields,
  requestParameters: z.nullish(
    z.object({
      keyId: z.optional(keyId),
      // 1 to 64 characters (KMS API reference, ConnectCustomKeyStore).
      customKeyStoreId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
      pendingWindowInDays: z.optional(z.int()),
      rotationPeriodInDays: z.optional(z.int()),
      policy: z.optional(z.string()),
      ...grantRequest,
    }),
  ),
  responseElements: z.nullish(
    z.object({
      keyId: z.optional(keyId),
      grantId: z.optional(text(128)),
      keyMetadata: z.optional(z.object({ keyId: z.optional(keyId), arn: z.optional(keyId) })),
    }),
  ),
  resources: z.nullish(z.array(z.object({ ARN: z.optional(text(2048)), type: z.optional(z.string()) }))),
});

type CloudTrailDetail = z.infer<typeof cloudTrailDetail>;

const nativeDetail = z.object({ "key-id": keyId });

/** The key a call acted on: the record's resource ARN, else what the caller passed or got back. */
function keyOf(detail: CloudTrailDetail): string | undefined {
  const resource = detail.resources?.find((r) => r.type === "AWS::KMS::Key" && r.ARN)?.ARN;
  return (
    resource ??
    detail.requestParameters?.keyId ??
    detail.responseElements?.keyMetadata?.arn ??
    detail.responseElements?.keyMetadata?.keyId ??
    detail.responseElements?.keyId
  );
}

function createdGrant(detail: CloudTrailDetail): NonNullable<EventFacts["createdGrant"]> {
  const request = detail.requestParameters ?? {};
  const constraints = request.constraints ?? {};
  return {
    grantId: detail.responseElements?.grantId,
    grantee: request.granteeServicePrincipal ?? request.granteePrincipal,
    retiring: request.retiringServicePrincipal ?? request.retiringPrincipal,
    operations: request.operations ?? [],
    constraints: {
      ...(constraints.encryptionContextSubset && {
        encryptionContextSubset: constraints.encryptionContextSubset,
      }),
      ...(constraints.encryptionContextEquals && {
        encryptionContextEquals: constraints.encryptionContextEquals,
      }),
      ...(constraints.sourceArn && { sourceArn: constraints.sourceArn }),
    },
  };
}

function factsOf(detail: CloudTrailDetail): EventFacts {
  const request = detail.requestParameters ?? {};
  switch (detail.eventName) {
    case "ScheduleKeyDeletion":
      // KMS applies 30 days when the caller gives no window (KMS API reference, ScheduleKeyDeletion).
      return { requestedDeletionWindowDays: request.pendingWindowInDays ?? 30 };
    case "EnableKeyRotation":
      return request.rotationPeriodInDays === undefined
        ? {}
        : { requestedRotationPeriodDays: request.rotationPeriodInDays };
    case "PutKeyPolicy":
      return request.policy === undefined ? {} : { submittedPolicy: request.policy };
    case "CreateGrant":
      return { createdGrant: createdGrant(detail) };
    default:
      return {};
  }
}

function keyReading(envelope: Envelope, key: string, cause: EventCause): EventReading {
  // A call on another account's key (cross-account use) is that account's to judge, with its own reads.
  const foreign = foreignArn(key, envelope);
  if (foreign) return { ignored: `${cause.name} names a key of another account or region: ${foreign}` };
  const { account, region } = envelope;
  return { resources: [{ resourceType: "AWS::KMS::Key", resourceId: key, account, region, cause }] };
}

/** A custom key store call: every key in the store, found by the pipeline from a fresh read. */
function storeReading(envelope: Envelope, detail: CloudTrailDetail): EventReading {
  const customKeyStoreId = detail.requestParameters?.customKeyStoreId;
  if (!customKeyStoreId) return { ignored: `${detail.eventName} record names no custom key store` };
  const { account, region } = envelope;
  const cause = callCause(detail, envelope, {});
  return {
    resources: [],
    selections: [{ select: { resourceType: "AWS::KMS::Key", customKeyStoreId }, account, region, cause }],
  };
}

const isStoreCall = (name: string) => (CUSTOM_KEY_STORE_CALLS as readonly string[]).includes(name);

function readCloudTrail(envelope: Envelope): EventReading {
  const detail = parseWith(cloudTrailDetail, envelope.detail, "detail", envelope.id);
  const unwatched = unwatchedCall(detail, KMS, WATCHED_KMS_CALLS);
  if (unwatched) return { ignored: unwatched };
  if (isStoreCall(detail.eventName)) return storeReading(envelope, detail);
  // Most never reach here: the rules drop them (service-grants.ts). The rest cost no read either.
  const serviceGrant = serviceGrantFor(detail, envelope.account);
  if (serviceGrant)
    return {
      ignored: `${detail.eventName} by ${describeActor(detail.userIdentity)} for this account's own resources (${serviceGrant}): AWS services' own grants are in order`,
    };
  const key = keyOf(detail);
  if (!key) return { ignored: `${detail.eventName} record names no key` };
  return keyReading(envelope, key, callCause(detail, envelope, factsOf(detail)));
}

function readNative(envelope: Envelope): EventReading {
  const detail = parseWith(nativeDetail, envelope.detail, "detail", envelope.id);
  const key = envelope.resources.find((arn) => arn.includes(":key/")) ?? detail["key-id"];
  const cause: EventCause = {
    name: envelope["detail-type"],
    eventId: envelope.id,
    time: envelope.time,
    actor: "AWS KMS",
    facts: {},
  };
  return keyReading(envelope, key, cause);
}

/** Turns one EventBridge event into the key to evaluate, or a reason to ignore it. Throws InvalidEventError. */
export function readKmsEvent(raw: unknown, deployment: Deployment): EventReading {
  const envelope = parseEnvelope(raw);
  if (envelope.source !== "aws.kms") return { ignored: `source ${envelope.source} is not aws.kms` };
  const away = elsewhere(envelope, deployment);
  if (away) return { ignored: away };
  const type = envelope["detail-type"];
  if (type === CLOUDTRAIL_DETAIL_TYPE) return readCloudTrail(envelope);
  if ((KMS_NATIVE_EVENTS as readonly string[]).includes(type)) return readNative(envelope);
  return { ignored: `detail-type "${type}" is not a KMS event keysentry watches` };
}
