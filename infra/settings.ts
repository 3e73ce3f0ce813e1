import { readFileSync } from "node:fs";
import { parseSettings, type Settings } from "../shared/settings";

/** The settings document deployed to the SSM parameter: `-c settings=FILE`, else KEYSENTRY_SETTINGS, else the defaults. */
export function deploymentSettings(path = process.env.KEYSENTRY_SETTINGS): {
  settings: Settings;
  document: string;
} {
  const document = path ? readFileSync(path, "utf8") : "{}";
  return { settings: parseSettings(JSON.parse(document)), document: JSON.stringify(JSON.parse(document)) };
}
