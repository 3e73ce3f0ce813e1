import { readFile } from "node:fs/promises";
import {
  parseSettings,
  type RuleSelection,
  type Settings,
  SettingsError,
  selectRules,
} from "../shared/settings";
import { UsageError } from "./usage-error";

/** Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses. */
const BYTE_ORDER_MARK = "\uFEFF";

/** `--settings FILE`, else the file named by KEYSENTRY_SETTINGS, else the defaults. */
export async function loadSettings(path = process.env.KEYSENTRY_SETTINGS): Promise<Settings> {
  if (!path) return parseSettings({});
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read settings file ${path}: ${(error as Error).message}`);
  }
  if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(BYTE_ORDER_MARK.length);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`settings file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    const settings = parseSettings(document);
    // Rule parameters are checked when rules are selected; checked here, the error names the file.
    selectRules(settings);
    return settings;
  } catch (error) {
    if (error instanceof SettingsError)
      throw new UsageError(`settings file ${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * The rules a command runs, from the settings and `--rules`. None is a usage error: a scan that
 * checks nothing would pass every gate.
 */
export function selectedRules(settings: Settings, ids?: readonly string[]): RuleSelection[] {
  const selections = selectRules(settings, ids);
  if (selections.length > 0) return selections;
  throw new UsageError(
    ids
      ? `every rule --rules names is "off" in the settings (${ids.join(", ")}): nothing would be checked`
      : 'the settings turn every rule "off": nothing would be checked',
  );
}
