export type { ChannelContext, StackChannelConfig } from "./context";
export { JiraError, type JiraOptions, JiraTicketer } from "./jira";
export { OpsCenterTicketer } from "./opscenter";
export { cachedSecret } from "./secrets";
export { SlackDeliveryError, SlackNotifier, type SlackOptions, slackMessage } from "./slack";
export { SnsNotifier } from "./sns";
export { ticketKey } from "./ticket-key";
