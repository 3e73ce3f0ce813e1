import { settingsSchema } from "../shared/settings";
import * as z from "../shared/zod";

/** The settings document's JSON Schema, for editors and for docs/configuration.md. */
export function settingsJsonSchema(): string {
  const schema = z.toJSONSchema(settingsSchema, { io: "input" });
  return `${JSON.stringify({ ...schema, title: "keysentry settings", $id: "https://keysentry.dev/settings.schema.json" }, null, 2)}\n`;
}
