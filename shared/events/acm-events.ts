/**
 * ACM's EventBridge events and AWS Health events for ACM to event resources (ACM User Guide,
 * "Amazon EventBridge support for ACM"); ACM API calls go to their own reader.
 */
import type { EventFacts } from "../model";
import * as z from "../zod";
import { readAcmApiCall } from "./acm-api-calls";
import { readAcmPcaApiCall, readAcmPcaNativeEvent } from "./acmpca-events";
import { CLOUDTRAIL_DETAIL_TYPE } from "./cloudtrail";
import {
  CERTIFICATE_ARN,
  type Deployment,
  type Envelope,
  elsewhere,
  foreignArn,
  parseEnvelope,
  parseWith,
} from "./envelope";
import type { EventReading, EventResource } from "./subject";

export const ACM_EVENTS = [
  "ACM Certificate Approaching Expiration",
  "ACM Certificate Expired",
  "ACM Certificate Available",
  "ACM Certificate Renewal Action Required",
  "ACM Certificate Revoked",
] as const;

/** Health event codes ACM raises about certificates. */
export const ACM_HEALTH_EVENT_CODES = [
  "AWS_ACM_RENEWAL_STATE_CHANGE",
  "CAA_CHECK_FAILURE",
  "AWS_ACM_RENEWAL_FAILURE",
] as const;

const text = (max: number) => z.string().check(z.maxLength(max));

const acmDetail = z.object({
  DaysToExpiry: z.optional(z.number()),
  CommonName: z.optional(text(1024)),
  // "ACM Certificate Available": ISSUANCE, RENEWAL, IMPORT or REIMPORT.
  Action: z.optional(text(64)),
});

function factsOf(detail: z.infer<typeof acmDetail>): EventFacts {
  return {
    ...(detail.DaysToExpiry === undefined ? {} : { daysToExpiry: detail.DaysToExpiry }),
    ...(detail.Action === "RENEWAL" ? { certificateRenewed: true } : {}),
  };
}

const healthDetail = z.object({
  service: z.string(),
  eventTypeCode: text(256),
  eventArn: z.optional(text(2048)),
  affectedEntities: z.optional(z.array(z.object({ entityValue: text(2048) })).check(z.maxLength(1000))),
});

/** The certificate ARNs among `values` that are this account's and region's; the others are counted. */
function certificatesIn(values: string[], envelope: Envelope): { ours: string[]; foreign?: string } {
  const ours = new Set<string>();
  let foreign: string | undefined;
  for (const value of values) {
    if (!CERTIFICATE_ARN.test(value)) continue;
    const elsewhereReason = foreignArn(value, envelope);
    if (elsewhereReason) foreign ??= elsewhereReason;
    else ours.add(value);
  }
  return { ours: [...ours], foreign };
}

function noneOfOurs(what: string, foreign: string | undefined): EventReading {
  return {
    ignored: foreign
      ? `${what} names only certificates of another account or region: ${foreign}`
      : `${what} names no certificate ARN`,
  };
}

function resourcesFor(
  envelope: Envelope,
  arns: string[],
  name: string,
  facts: EventFacts = {},
): EventResource[] {
  return arns.map((arn) => ({
    resourceType: "AWS::ACM::Certificate",
    resourceId: arn,
    account: envelope.account,
    region: envelope.region,
    cause: {
      name,
      eventId: envelope.id,
      time: envelope.time,
      actor: "AWS Certificate Manager",
      facts,
    },
  }));
}

function readAcm(envelope: Envelope): EventReading {
  const type = envelope["detail-type"];
  if (!(ACM_EVENTS as readonly string[]).includes(type))
    return { ignored: `detail-type "${type}" is not an ACM event keysentry watches` };
  const detail = parseWith(acmDetail, envelope.detail, "detail", envelope.id);
  const { ours, foreign } = certificatesIn(envelope.resources, envelope);
  if (ours.length === 0) return noneOfOurs(type, foreign);
  return { resources: resourcesFor(envelope, ours, type, factsOf(detail)) };
}

function readHealth(envelope: Envelope): EventReading {
  const detail = parseWith(healthDetail, envelope.detail, "detail", envelope.id);
  if (detail.service !== "ACM") return { ignored: `AWS Health event for ${detail.service}, not ACM` };
  if (!(ACM_HEALTH_EVENT_CODES as readonly string[]).includes(detail.eventTypeCode)) {
    return { ignored: `AWS Health event ${detail.eventTypeCode} is not about certificate state` };
  }
  const { ours, foreign } = certificatesIn(
    [...envelope.resources, ...(detail.affectedEntities ?? []).map((e) => e.entityValue)],
    envelope,
  );
  if (ours.length === 0) return noneOfOurs(`AWS Health event ${detail.eventTypeCode}`, foreign);
  return { resources: resourcesFor(envelope, ours, `AWS Health ${detail.eventTypeCode}`) };
}

/** Turns one EventBridge event into the certificates to evaluate, or a reason to ignore it. Throws InvalidEventError. */
export function readAcmEvent(raw: unknown, deployment: Deployment): EventReading {
  const envelope = parseEnvelope(raw);
  if (
    envelope.source !== "aws.acm" &&
    envelope.source !== "aws.health" &&
    envelope.source !== "aws.acm-pca"
  ) {
    return { ignored: `source ${envelope.source} is not aws.acm, aws.acm-pca or aws.health` };
  }
  const away = elsewhere(envelope, deployment);
  if (away) return { ignored: away };
  if (envelope.source === "aws.acm-pca") {
    return envelope["detail-type"] === CLOUDTRAIL_DETAIL_TYPE
      ? readAcmPcaApiCall(envelope)
      : readAcmPcaNativeEvent(envelope);
  }
  if (envelope.source === "aws.health") {
    return envelope["detail-type"] === "AWS Health Event"
      ? readHealth(envelope)
      : { ignored: `detail-type "${envelope["detail-type"]}" is not an AWS Health event` };
  }
  return envelope["detail-type"] === CLOUDTRAIL_DETAIL_TYPE ? readAcmApiCall(envelope) : readAcm(envelope);
}
