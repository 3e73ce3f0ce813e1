export { AcmCertificateReader, ALL_KEY_PAIR_ORIGINS, ALL_KEY_TYPES } from "./acm-certificate-reader";
export { createAcmClient } from "./acm-client";
export { type AwsClientOptions, CallCounter } from "./clients";
export {
  ConfigEvaluatedResources,
  ConfigEvaluationReporter,
  ConfigReportError,
  MAX_EVALUATIONS_PER_CALL,
} from "./config-evaluation-reporter";
export { DynamoDbStateStore } from "./dynamodb-state-store";
export { DynamoDbSweepLease } from "./dynamodb-sweep-lease";
export { KmsActuator } from "./kms-actuator";
export { createKmsClient } from "./kms-client";
export { KmsKeyReader } from "./kms-key-reader";
export { LambdaContinuation } from "./lambda-continuation";
export { RepeatedPageMarkerError } from "./page-markers";
export { CloudTrailPriorState, ConfigHistoryPriorState, FirstKnownPriorState } from "./prior-key-state";
export { OperationRateLimiter, PUBLISHED_QUOTAS } from "./quotas";
export { settingsFromParameter } from "./ssm-settings";
export { TaggingReader } from "./tagging-reader";
