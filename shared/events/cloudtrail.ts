/**
 * API calls as EventBridge delivers them from CloudTrail ("AWS API Call via CloudTrail"): the
 * fields of a record every call reader uses, and what every call passes before its resource is
 * read (CloudTrail User Guide, "CloudTrail record contents").
 */
import type { EventFacts } from "../model";
import * as z from "../zod";
import { actorArn, describeActor, type UserIdentity, userIdentitySchema } from "./actor";
import type { Envelope } from "./envelope";
import type { EventCause } from "./subject";

export const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

const text = (max: number) => z.string().check(z.maxLength(max));

/** The fields about the call itself; a reader adds its service's requestParameters and responseElements. */
export const callFields = {
  eventSource: text(256),
  eventName: text(128),
  eventID: z.optional(text(128)),
  eventTime: text(64),
  userIdentity: userIdentitySchema,
  readOnly: z.optional(z.boolean()),
  errorCode: z.optional(text(256)),
};

interface Call {
  eventSource: string;
  eventName: string;
  eventID?: string;
  eventTime: string;
  userIdentity: UserIdentity;
  readOnly?: boolean;
  errorCode?: string;
}

/**
 * Why a call is none of keysentry's business: another service's, failed (a successful call has
 * no errorCode), read-only, or not among the calls that can change a finding.
 */
export function unwatchedCall(
  call: Call,
  service: { eventSource: string; name: string },
  watched: readonly string[],
): string | undefined {
  if (call.eventSource !== service.eventSource)
    return `CloudTrail event from ${call.eventSource}, not ${service.name}`;
  if (call.errorCode) return `${call.eventName} failed (${call.errorCode}): nothing changed`;
  if (call.readOnly) return `${call.eventName} is a read-only call`;
  if (!watched.includes(call.eventName)) return `${call.eventName} does not change any keysentry finding`;
  return undefined;
}

/** The call as the cause of an evaluation: what, who (in words, and the identity the loop guard compares) and when. */
export function callCause(call: Call, envelope: Envelope, facts: EventFacts): EventCause {
  return {
    name: call.eventName,
    eventId: call.eventID ?? envelope.id,
    time: call.eventTime,
    actor: describeActor(call.userIdentity),
    actorArn: actorArn(call.userIdentity),
    facts,
  };
}
