import { RULES } from "../shared/rules";

/** The Config rule name of a keysentry rule; the config-rule function finds the rule id at its end. */
export const configRuleName = (ruleId: string) => `keysentry-${ruleId}`;

const logicalId = (ruleId: string) =>
  ruleId
    .split("-")
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");

/** Config rule parameters are strings; lists and numbers go as JSON, which the function decodes. */
const parameterValue = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

const quote = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** Config rule descriptions hold at most 256 characters (AWS Config API reference, ConfigRule). */
function description(text: string): string {
  if (text.length <= 256) return text;
  return `${text.slice(0, 255).replace(/\s+\S*$/, "")}…`;
}

/**
 * A conformance pack template declaring every keysentry rule as an AWS Config custom rule
 * backed by the deployed config-rule function (AWS Config Developer Guide, "Conformance Pack
 * Template Structure"). Generated from the rule registry by `npm run docs`.
 */
export function conformancePackYaml(): string {
  const lines = [
    "# keysentry rules as an AWS Config conformance pack.",
    "# Generated from shared/rules by `npm run docs`; do not edit.",
    "Parameters:",
    "  KeysentryConfigRuleFunctionArn:",
    "    Type: String",
    "    Description: ARN of the keysentry config-rule Lambda function deployed in the account.",
    "Resources:",
  ];
  for (const rule of RULES) {
    const defaults = Object.entries((rule.params.parse({}) ?? {}) as Record<string, unknown>).filter(
      ([, value]) => !(Array.isArray(value) && value.length === 0),
    );
    lines.push(
      `  ${logicalId(rule.id)}:`,
      "    Type: AWS::Config::ConfigRule",
      "    Properties:",
      `      ConfigRuleName: ${configRuleName(rule.id)}`,
      `      Description: ${quote(description(`${rule.title}. ${rule.description}`))}`,
      "      Source:",
      "        Owner: CUSTOM_LAMBDA",
      "        SourceIdentifier:",
      "          Ref: KeysentryConfigRuleFunctionArn",
      "        SourceDetails:",
    );
    if (rule.evaluatedOn.includes("change")) {
      for (const messageType of [
        "ConfigurationItemChangeNotification",
        "OversizedConfigurationItemChangeNotification",
      ]) {
        lines.push("          - EventSource: aws.config", `            MessageType: ${messageType}`);
      }
    }
    if (rule.evaluatedOn.includes("schedule")) {
      lines.push(
        "          - EventSource: aws.config",
        "            MessageType: ScheduledNotification",
        "            MaximumExecutionFrequency: TwentyFour_Hours",
      );
    }
    if (rule.evaluatedOn.includes("change")) {
      lines.push("      Scope:", "        ComplianceResourceTypes:", `          - ${rule.resourceType}`);
    }
    if (defaults.length > 0) {
      lines.push("      InputParameters:");
      for (const [name, value] of defaults) lines.push(`        ${name}: ${quote(parameterValue(value))}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
