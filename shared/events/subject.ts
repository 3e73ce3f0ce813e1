import { KeysentryError } from "../errors";
import type { EventFacts, ResourceType } from "../model";

/** What happened, who did it and when: carried into alerts. */
export interface EventCause {
  /** The CloudTrail eventName or the EventBridge detail-type. */
  name: string;
  eventId: string;
  time: string;
  /** "IAM user alice", "role Admin assumed by bob@example.com", "AWS service config.amazonaws.com". */
  actor?: string;
  /** The IAM role or user behind the call, for the loop guard. */
  actorArn?: string;
  facts: EventFacts;
}

/** One resource an event asks keysentry to look at; the pipeline turns it into a `PendingResource`. */
export interface EventResource {
  resourceType: ResourceType;
  /** What the read API accepts: a key id, key ARN or alias; a certificate ARN. */
  resourceId: string;
  account: string;
  region: string;
  cause: EventCause;
}

/**
 * Keys an event names by the custom key store they share, not one by one: ConnectCustomKeyStore,
 * DisconnectCustomKeyStore and UpdateCustomKeyStore name only the store (KMS Developer Guide,
 * CloudTrail examples). Which keys are in it is read fresh, never taken from the event.
 */
export interface KeysInCustomKeyStore {
  resourceType: "AWS::KMS::Key";
  customKeyStoreId: string;
}

/** Resources to look at that the pipeline finds through the inventory: today, a custom key store's keys. */
export interface EventSelection {
  select: KeysInCustomKeyStore;
  account: string;
  region: string;
  cause: EventCause;
}

export type EventReading =
  | { resources: EventResource[]; selections?: EventSelection[] }
  | { ignored: string };

export class InvalidEventError extends KeysentryError {
  override readonly name = "InvalidEventError";
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly eventId?: string,
  ) {
    super(`invalid event${eventId ? ` ${eventId}` : ""} at ${path || "(root)"}: ${problem}`);
  }
}
