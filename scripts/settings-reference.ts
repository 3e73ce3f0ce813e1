import { settingsSchema } from "../shared/settings";
import * as z from "../shared/zod";
import { type JsonSchema, typeText, valueText } from "./json-schema-text";
import { code, generatedSection, table } from "./markdown";

export const SETTINGS_REFERENCE = generatedSection("settings reference", "shared/settings");

export interface Setting {
  /** Dotted, with `<id>` for the key of a record (`rules.<id>.mode`). */
  path: string;
  schema: JsonSchema;
  /** Required within its parent (a Jira block needs its `baseUrl`). */
  required: boolean;
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

/** Every setting: each leaf, and each section that has a description of its own (a channel's block). */
export function settings(): Setting[] {
  const found: Setting[] = [];
  const walk = (schema: JsonSchema, path: string[], required: boolean) => {
    const below = children(schema);
    if (path.length > 0 && (below.length === 0 || schema.description))
      found.push({ path: path.join("."), schema, required });
    for (const [key, child, childRequired] of below) walk(child, [...path, key], childRequired);
  };
  walk(z.toJSONSchema(settingsSchema, { io: "input" }) as JsonSchema, [], false);
  return found;
}

function defaultText({ schema, required }: Setting): string {
  if ("default" in schema) return valueText(schema.default);
  return required ? "required" : "—";
}

/** The settings table of docs/configuration.md, from the settings schema and its descriptions. */
export function settingsReferenceMarkdown(): string {
  return table(
    ["setting", "type", "default", "description"],
    settings().map((setting) => {
      if (!setting.schema.description)
        throw new Error(`setting ${setting.path} has no description: add z.describe() to its schema`);
      return [code(setting.path), typeText(setting.schema), defaultText(setting), setting.schema.description];
    }),
  );
}
