import { CHANNELS, type ChannelDefinition } from "../shared/settings";
import * as z from "../shared/zod";
import type { JsonSchema } from "./json-schema-text";
import { code, generatedSection, table } from "./markdown";

export const CHANNEL_TABLE = generatedSection("channels", "shared/settings/channels.ts");

/** Where the channel is turned on: its block in settings, or the stack. */
export function channelSetting(definition: ChannelDefinition): string | undefined {
  return definition.settings && `${definition.settings.section}.${definition.settings.key}`;
}

/**
 * A channel's settings with every field holding its own name in braces, so that what the
 * definition derives from them (a secret's id) can be traced back to the setting.
 */
function probeConfig(definition: ChannelDefinition): Record<string, string> {
  if (!definition.settings) return {};
  const schema = z.toJSONSchema(definition.settings.schema, { io: "input" }) as JsonSchema;
  return Object.fromEntries(Object.keys(schema.properties ?? {}).map((field) => [field, `{${field}}`]));
}

function secretsOf(definition: ChannelDefinition): string[] {
  if (!definition.settings) return [];
  const config = probeConfig(definition);
  return Object.values(definition.secrets?.(config) ?? {}).map(({ secretId, field }) => {
    const setting = Object.keys(config).find((key) => config[key] === secretId);
    const named = setting
      ? `the secret named by ${code(`${channelSetting(definition)}.${setting}`)}`
      : `the secret ${code(secretId)}`;
    return `${named} (a string, or JSON with ${code(field)})`;
  });
}

function iamOf(definition: ChannelDefinition): string[] {
  if (!definition.settings) return ["granted by the stack"];
  const config = probeConfig(definition);
  const count = secretsOf(definition).length;
  const secrets =
    count === 0
      ? []
      : [`${code("secretsmanager:GetSecretValue")} on ${count === 1 ? "that secret" : "those secrets"}`];
  const permissions = (definition.permissions?.(config) ?? []).map(
    ({ actions, resources, reason }) =>
      `${actions.map(code).join(", ")} on ${resources.map(code).join(", ")}: ${reason}`,
  );
  return [...secrets, ...permissions];
}

/** The channels table of docs/configuration.md, from the channel registry. */
export function channelTableMarkdown(): string {
  return table(
    ["channel", "turned on by", "delivers", "secrets it reads", "IAM it needs", "what it does"],
    (CHANNELS as readonly ChannelDefinition[]).map((definition) => {
      const setting = channelSetting(definition);
      const secrets = secretsOf(definition);
      const iam = iamOf(definition);
      return [
        `${definition.title} (${code(definition.id)})`,
        setting ? code(setting) : "the stack",
        definition.delivers.join(", "),
        secrets.length > 0 ? secrets.join("<br>") : "—",
        iam.length > 0 ? iam.join("<br>") : "—",
        definition.summary,
      ];
    }),
  );
}
