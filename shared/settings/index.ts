export {
  CHANNELS,
  type ChannelConfig,
  type ChannelDefinition,
  type ChannelId,
  type ChannelPermission,
  type ChannelSecret,
  configuredChannels,
  DELIVERIES,
  type Delivery,
} from "./channels";
export { RESERVED_CONCURRENCY } from "./reserved-concurrency";
export {
  parseSettings,
  RULE_MODES,
  type RuleMode,
  type RuleSelection,
  type Settings,
  SettingsError,
  selectRules,
  settingsSchema,
} from "./settings";
