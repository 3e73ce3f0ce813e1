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
