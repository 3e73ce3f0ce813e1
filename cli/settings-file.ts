import { readFile } from "node:fs/promises";
import { parseSettings, type Settings } from "../shared/settings";
import { UsageError } from "./usage-error";

/** `--settings FILE`, else the file named by KEYSENTRY_SETTINGS, else the defaults. */
export async function loadSettings(path = process.env.KEYSENTRY_SETTINGS): Promise<Settings> {
  if (!path) return parseSettings({});
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read settings file ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`settings file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSettings(document);
}
