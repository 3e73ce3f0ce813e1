export type { ChannelContext, StackChannelConfig } from "./context";
export { JiraError, type JiraOptions, JiraTicketer } from "./jira";
export { OpsCenterTicketer } from "./opscenter";
export { cachedSecret } from "./secrets";
export { batches, importRecords } from "./security-hub-import";
export {
  type FindingLedger,
  type ImportedRecord,
  MemoryFindingLedger,
  type PlannedImport,
  planImport,
} from "./security-hub-lifecycle";
export { SecurityHubSink, securityHubClient } from "./securityhub";
export { SlackDeliveryError, SlackNotifier, type SlackOptions, slackMessage } from "./slack";
export { SnsNotifier } from "./sns";
export { ticketKey } from "./ticket-key";
