import { CHANNELS, type ChannelDefinition, settingsSchema } from "../shared/settings";
import * as z from "../shared/zod";
import type { JsonSchema } from "./json-schema-text";
import { settingComments } from "./schema-comments";

/** A setting (or a section of settings) in the settings JSON Schema. */
export interface SettingNode {
  /** Dotted, with `<id>` for the key of a record (`rules.<id>.mode`). */
  path: string;
  schema: JsonSchema;
  /** Required within its parent (a Jira block needs its `baseUrl`). */
  required: boolean;
  /** Whether it holds no settings of its own (a section does). */
  leaf: boolean;
}

function children(schema: JsonSchema): [string, JsonSchema, boolean][] {
  if (schema.properties)
    return Object.entries(schema.properties).map(([key, child]) => [
      key,
      child,
      schema.required?.includes(key) ?? false,
    ]);
  const values = schema.additionalProperties;
  // A record of objects (rules by id) is described once, for any key.
  if (typeof values === "object" && values.properties) return [["<id>", values, false]];
  return [];
}

/** Every setting and section of a settings JSON Schema, each section before what it holds. */
export function settingNodes(root: JsonSchema): SettingNode[] {
  const found: SettingNode[] = [];
  const walk = (schema: JsonSchema, path: string[], required: boolean) => {
    const below = children(schema);
    if (path.length > 0) found.push({ path: path.join("."), schema, required, leaf: below.length === 0 });
    for (const [key, child, childRequired] of below) walk(child, [...path, key], childRequired);
  };
  walk(root, [], false);
  return found;
}

/** The settings document's JSON Schema as zod writes it: the runtime schemas carry no descriptions. */
export function bareSettingsJsonSchema(): JsonSchema {
  return z.toJSONSchema(settingsSchema, { io: "input" }) as JsonSchema;
}

/**
 * Each setting's description, by path: the JSDoc comment above it in shared/settings, and for a
 * channel's block (which has no field in the source) what turns it on.
 */
export function settingDescriptions(): Map<string, string> {
  const descriptions = settingComments();
  for (const definition of CHANNELS as readonly ChannelDefinition[])
    if (definition.settings)
      descriptions.set(
        `${definition.settings.section}.${definition.settings.key}`,
        `Turns on ${definition.title} (see Channels).`,
      );
  return descriptions;
}

/** The settings JSON Schema with each setting's description (first, where a reader looks), as editors show it. */
export function describedSettingsJsonSchema(): JsonSchema {
  const root = bareSettingsJsonSchema();
  const descriptions = settingDescriptions();
  for (const { path, schema } of settingNodes(root)) {
    const description = descriptions.get(path);
    if (description === undefined) continue;
    const rest = { ...schema };
    for (const key of Object.keys(schema)) delete schema[key as keyof JsonSchema];
    Object.assign(schema, { description }, rest);
    descriptions.delete(path);
  }
  if (descriptions.size > 0)
    throw new Error(
      `descriptions of settings the schema does not have: ${[...descriptions.keys()].join(", ")}`,
    );
  return root;
}

/** The settings document's JSON Schema, for editors and for docs/configuration.md. */
export function settingsJsonSchema(): string {
  const schema = describedSettingsJsonSchema();
  return `${JSON.stringify({ ...schema, title: "keysentry settings", $id: "https://keysentry.dev/settings.schema.json" }, null, 2)}\n`;
}
