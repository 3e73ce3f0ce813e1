import { CHANNEL_TABLE, channelTableMarkdown } from "./channel-table";
import { withSection } from "./markdown";
import { RULE_PARAMETERS, ruleParametersMarkdown } from "./rule-parameters";
import { SETTINGS_REFERENCE, settingsReferenceMarkdown } from "./settings-reference";

/** docs/configuration.md with its settings, channels and rule parameters tables regenerated. */
export function withConfigurationTables(document: string): string {
  const file = "docs/configuration.md";
  let updated = withSection(document, SETTINGS_REFERENCE, settingsReferenceMarkdown(), file);
  updated = withSection(updated, CHANNEL_TABLE, channelTableMarkdown(), file);
  return withSection(updated, RULE_PARAMETERS, ruleParametersMarkdown(), file);
}
