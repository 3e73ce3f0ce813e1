export { WATCHED_ACM_CALLS } from "./acm-api-calls";
export { ACM_EVENTS, ACM_HEALTH_EVENT_CODES, readAcmEvent } from "./acm-events";
export { actorArn, describeActor, type UserIdentity } from "./actor";
export { CLOUDTRAIL_DETAIL_TYPE } from "./cloudtrail";
export { type Deployment, parseWith } from "./envelope";
export { KMS_NATIVE_EVENTS, readKmsEvent, WATCHED_KMS_CALLS } from "./kms-events";
export { FILTERED_BY_PATTERN, GRANT_CALLS, type ServiceGrant, serviceGrantFor } from "./service-grants";
export {
  ACM_EVENT_SOURCE,
  EVENT_SOURCES,
  type EventFunctionName,
  type EventPattern,
  type EventReader,
  type EventSourceDefinition,
  eventReaderFor,
  eventSourceFor,
  eventSourceOf,
  eventSourcesFor,
  KMS_EVENT_SOURCE,
  NoEventSourceError,
} from "./sources";
export {
  type EventCause,
  type EventReading,
  type EventResource,
  type EventSelection,
  InvalidEventError,
  type KeysInCustomKeyStore,
} from "./subject";
