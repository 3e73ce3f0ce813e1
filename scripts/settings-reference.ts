import { type JsonSchema, typeText, valueText } from "./json-schema-text";
import { code, generatedSection, table } from "./markdown";
import { bareSettingsJsonSchema, settingDescriptions, settingNodes } from "./settings-schema";

export const SETTINGS_REFERENCE = generatedSection("settings reference", "shared/settings");

export interface Setting {
  /** Dotted, with `<id>` for the key of a record (`rules.<id>.mode`). */
  path: string;
  schema: JsonSchema;
  /** Required within its parent (a Jira block needs its `baseUrl`). */
  required: boolean;
  /** The JSDoc comment above it in shared/settings (scripts/schema-comments.ts). */
  description: string | undefined;
}

/** Every setting: each leaf, and each section that has a description of its own (a channel's block). */
export function settings(): Setting[] {
  const descriptions = settingDescriptions();
  return settingNodes(bareSettingsJsonSchema()).flatMap(({ path, schema, required, leaf }) => {
    const description = descriptions.get(path);
    return leaf || description !== undefined ? [{ path, schema, required, description }] : [];
  });
}

function defaultText({ schema, required }: Setting): string {
  if ("default" in schema) return valueText(schema.default);
  return required ? "required" : "—";
}

/** The settings table of docs/configuration.md, from the settings schema and the comments above its fields. */
export function settingsReferenceMarkdown(): string {
  return table(
    ["setting", "type", "default", "description"],
    settings().map((setting) => {
      if (!setting.description)
        throw new Error(
          `setting ${setting.path} has no description: add a JSDoc comment (/** … */) above it in shared/settings`,
        );
      return [code(setting.path), typeText(setting.schema), defaultText(setting), setting.description];
    }),
  );
}
