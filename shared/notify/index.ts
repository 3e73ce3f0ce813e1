export { cachedSecret } from "./secrets";
export { SlackDeliveryError, SlackNotifier, type SlackOptions, slackMessage } from "./slack";
