/**
 * Event sources: one definition per family of events keysentry listens to. The stack's
 * EventBridge rules and their targets, the replay router, the functions' handlers and the
 * table in docs/events.md are all derived from this list.
 */
import { KeysentryError } from "../errors";
import type { ResourceType } from "../model";
import { WATCHED_ACM_CALLS } from "./acm-api-calls";
import { ACM_EVENTS, ACM_HEALTH_EVENT_CODES, readAcmEvent } from "./acm-events";
import { ACMPCA_EVENTS, WATCHED_ACMPCA_CALLS } from "./acmpca-events";
import { CLOUDTRAIL_DETAIL_TYPE } from "./cloudtrail";
import type { Deployment } from "./envelope";
import type { EventPattern } from "./event-pattern";
import { KMS_NATIVE_EVENTS, readKmsEvent, WATCHED_KMS_CALLS } from "./kms-events";
import { GRANT_CALLS, grantPatterns } from "./service-grants";
import type { EventReading } from "./subject";

/** Turns one EventBridge event into event resources, or a reason to ignore it. Throws InvalidEventError. */
export type EventReader = (event: unknown, deployment: Deployment) => EventReading;

export type { EventPattern };

export interface EventSourceDefinition {
  /** The function that serves these events: functions/<functionName>/handler.ts. */
  functionName: "kms-events" | "acm-events";
  /** One line for the function's description and the docs. */
  description: string;
  /** What its events name, and so all the function reads (and is granted to read). */
  resourceTypes: readonly ResourceType[];
  /** Families it lists to find the resources an event names only indirectly. */
  lists?: readonly ResourceType[];
  /** The envelope `source` values of its events: the replay router sends an event by them. */
  sources: readonly string[];
  /**
   * One EventBridge rule per pattern, named by the key, for the account the stack is deployed in
   * (the stack passes CloudFormation's AWS::AccountId).
   */
  patterns(account: string): Readonly<Record<string, EventPattern>>;
  read: EventReader;
  timeoutSeconds: number;
  /**
   * Caps how much of the account's Lambda concurrency (and KMS/ACM quota) a burst of events takes,
   * where settings reserve concurrency (`deployment.reservedConcurrency`, off by default).
   */
  reservedConcurrency: number;
}

export const KMS_EVENT_SOURCE: EventSourceDefinition = {
  functionName: "kms-events",
  description: "KMS API calls and KMS events: fresh evaluation, alerts, tickets, verified remediation",
  resourceTypes: ["AWS::KMS::Key"],
  // A custom key store call names the store: its keys are found by listing every key (inventory/custom-key-stores.ts).
  lists: ["AWS::KMS::Key"],
  sources: ["aws.kms"],
  patterns: (account) => ({
    // A successful call has no errorCode (CloudTrail record contents): failed calls invoke nothing.
    kmsApiCalls: {
      source: ["aws.kms"],
      "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
      detail: {
        eventSource: ["kms.amazonaws.com"],
        eventName: WATCHED_KMS_CALLS.filter((name) => !(GRANT_CALLS as readonly string[]).includes(name)),
        errorCode: [{ exists: false }],
      },
    },
    // Grants AWS services make for this account's own resources invoke nothing (service-grants.ts).
    ...grantPatterns(account),
    kmsNative: { source: ["aws.kms"], "detail-type": KMS_NATIVE_EVENTS },
  }),
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
  patterns: () => ({
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
  }),
  read: readAcmEvent,
  timeoutSeconds: 60,
  reservedConcurrency: 10,
};

export const EVENT_SOURCES: readonly EventSourceDefinition[] = [KMS_EVENT_SOURCE, ACM_EVENT_SOURCE];

export type EventFunctionName = EventSourceDefinition["functionName"];

/** The source that serves an event with this envelope `source`, if any does. */
export function eventSourceFor(source: unknown): EventSourceDefinition | undefined {
  return EVENT_SOURCES.find((s) => typeof source === "string" && s.sources.includes(source));
}

/** The first source a function serves: its description, timeout and concurrency are the function's. */
export function eventSourceOf(functionName: EventFunctionName): EventSourceDefinition {
  return EVENT_SOURCES.find((s) => s.functionName === functionName)!;
}

/** Every source a function serves, in registry order. */
export function eventSourcesFor(
  functionName: EventFunctionName,
  registry: readonly EventSourceDefinition[] = EVENT_SOURCES,
): EventSourceDefinition[] {
  return registry.filter((s) => s.functionName === functionName);
}

/** A function asked for its reader with no source registered for it: a wiring mistake, found at cold start. */
export class NoEventSourceError extends KeysentryError {
  override readonly name = "NoEventSourceError";
  constructor(readonly functionName: string) {
    super(`no event source is registered for ${functionName}`);
  }
}

/**
 * The reader of a function: every source registered for it, chosen by the envelope's `source`.
 * An event none of them claims goes to the first, whose reader says why it is ignored.
 */
export function eventReaderFor(
  functionName: EventFunctionName,
  registry: readonly EventSourceDefinition[] = EVENT_SOURCES,
): EventReader {
  const served = eventSourcesFor(functionName, registry);
  const [first] = served;
  if (!first) throw new NoEventSourceError(functionName);
  return (event, deployment) => {
    const source = (event as { source?: unknown } | null)?.source;
    const definition = served.find((s) => typeof source === "string" && s.sources.includes(source)) ?? first;
    return definition.read(event, deployment);
  };
}
