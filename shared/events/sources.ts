/**
 * Event sources: one definition per family of events keysentry listens to. The stack's
 * EventBridge rules and their targets, the replay router, the functions' handlers and the
 * table in docs/events.md are all derived from this list.
 */
import type { ResourceType } from "../model";
import { WATCHED_ACM_CALLS } from "./acm-api-calls";
import { ACM_EVENTS, ACM_HEALTH_EVENT_CODES, readAcmEvent } from "./acm-events";
import { ACMPCA_EVENTS, WATCHED_ACMPCA_CALLS } from "./acmpca-events";
import { CLOUDTRAIL_DETAIL_TYPE } from "./cloudtrail";
import type { Deployment } from "./envelope";
import { KMS_NATIVE_EVENTS, readKmsEvent, WATCHED_KMS_CALLS } from "./kms-events";
import type { EventReading } from "./subject";

/** Turns one EventBridge event into event resources, or a reason to ignore it. Throws InvalidEventError. */
export type EventReader = (event: unknown, deployment: Deployment) => EventReading;

/** An EventBridge event pattern (EventBridge User Guide, "Event patterns"), as plain JSON. */
export type EventPattern = Readonly<Record<string, unknown>>;

export interface EventSourceDefinition {
  /** The function that serves these events: functions/<functionName>/handler.ts. */
  functionName: "kms-events" | "acm-events";
  /** One line for the function's description and the docs. */
  description: string;
  /** What its events name, and so all the function reads (and is granted to read). */
  resourceTypes: readonly ResourceType[];
  /** The envelope `source` values of its events: the replay router sends an event by them. */
  sources: readonly string[];
  /** One EventBridge rule per pattern, named by the key. */
  patterns: Readonly<Record<string, EventPattern>>;
  read: EventReader;
  timeoutSeconds: number;
  /** Caps how much of the account's Lambda concurrency (and KMS/ACM quota) a burst of events takes. */
  reservedConcurrency: number;
}

export const KMS_EVENT_SOURCE: EventSourceDefinition = {
  functionName: "kms-events",
  description: "KMS API calls and KMS events: fresh evaluation, alerts, tickets, verified remediation",
  resourceTypes: ["AWS::KMS::Key"],
  sources: ["aws.kms"],
  patterns: {
    // A successful call has no errorCode (CloudTrail record contents): failed calls invoke nothing.
    kmsApiCalls: {
      source: ["aws.kms"],
      "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
      detail: {
        eventSource: ["kms.amazonaws.com"],
        eventName: WATCHED_KMS_CALLS,
        errorCode: [{ exists: false }],
      },
    },
    kmsNative: { source: ["aws.kms"], "detail-type": KMS_NATIVE_EVENTS },
  },
  read: readKmsEvent,
  timeoutSeconds: 60,
  reservedConcurrency: 20,
};

export const ACM_EVENT_SOURCE: EventSourceDefinition = {
  functionName: "acm-events",
  // Private CA's events join ACM's: the same kind of work (certificates and the CAs that sign them), and no cold start of a function of their own.
  description:
    "ACM and ACM Private CA API calls, their events and AWS Health events for ACM: fresh evaluation, alerts, tickets",
  resourceTypes: ["AWS::ACM::Certificate", "AWS::ACMPCA::CertificateAuthority"],
  sources: ["aws.acm", "aws.health", "aws.acm-pca"],
  patterns: {
    acmApiCalls: {
      source: ["aws.acm"],
      "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
      detail: {
        eventSource: ["acm.amazonaws.com"],
        eventName: WATCHED_ACM_CALLS,
        errorCode: [{ exists: false }],
      },
    },
    acm: { source: ["aws.acm"], "detail-type": ACM_EVENTS },
    acmPcaApiCalls: {
      source: ["aws.acm-pca"],
      "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
      detail: {
        eventSource: ["acm-pca.amazonaws.com"],
        eventName: WATCHED_ACMPCA_CALLS,
        errorCode: [{ exists: false }],
      },
    },
    acmPca: { source: ["aws.acm-pca"], "detail-type": ACMPCA_EVENTS },
    acmHealth: {
      source: ["aws.health"],
      "detail-type": ["AWS Health Event"],
      detail: { service: ["ACM"], eventTypeCode: ACM_HEALTH_EVENT_CODES },
    },
  },
  read: readAcmEvent,
  timeoutSeconds: 60,
  reservedConcurrency: 10,
};

export const EVENT_SOURCES: readonly EventSourceDefinition[] = [KMS_EVENT_SOURCE, ACM_EVENT_SOURCE];

/** The source that serves an event with this envelope `source`, if any does. */
export function eventSourceFor(source: unknown): EventSourceDefinition | undefined {
  return EVENT_SOURCES.find((s) => typeof source === "string" && s.sources.includes(source));
}

/** The source a function serves. */
export function eventSourceOf(functionName: EventSourceDefinition["functionName"]): EventSourceDefinition {
  return EVENT_SOURCES.find((s) => s.functionName === functionName)!;
}
