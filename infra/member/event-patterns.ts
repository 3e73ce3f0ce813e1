import {
  ACM_EVENTS,
  ACM_HEALTH_EVENT_CODES,
  CLOUDTRAIL_DETAIL_TYPE,
  KMS_NATIVE_EVENTS,
  WATCHED_KMS_CALLS,
} from "../../shared/events";

/**
 * The EventBridge patterns, from the same lists the event readers use. A successful call has
 * no errorCode (CloudTrail record contents), so failed calls never invoke a function.
 */
export const EVENT_PATTERNS = {
  kmsApiCalls: {
    source: ["aws.kms"],
    "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
    detail: {
      eventSource: ["kms.amazonaws.com"],
      eventName: [...WATCHED_KMS_CALLS],
      errorCode: [{ exists: false }],
    },
  },
  kmsNative: { source: ["aws.kms"], "detail-type": [...KMS_NATIVE_EVENTS] },
  acm: { source: ["aws.acm"], "detail-type": [...ACM_EVENTS] },
  acmHealth: {
    source: ["aws.health"],
    "detail-type": ["AWS Health Event"],
    detail: { service: ["ACM"], eventTypeCode: [...ACM_HEALTH_EVENT_CODES] },
  },
} as const;

export type PatternName = keyof typeof EVENT_PATTERNS;
