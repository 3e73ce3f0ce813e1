import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { RuleSelection } from "../shared/settings";
import { selectRules } from "../shared/settings";
import { rebaseSeed, type SeedAccount, startLocalAws } from "../test/support/local-aws";
import { type ScanReport, scanAccount } from "./scan";
import { loadSettings } from "./settings-file";

export const SAMPLE_ACCOUNT = fileURLToPath(new URL("../events/sample-account.json", import.meta.url));
export const SAMPLE_SETTINGS = fileURLToPath(new URL("../examples/settings.json", import.meta.url));

export async function readSampleAccount(now: Date): Promise<SeedAccount> {
  const seed = JSON.parse(await readFile(SAMPLE_ACCOUNT, "utf8")) as SeedAccount;
  // The sample was captured on one day; shift it so that day is today and results never age.
  return rebaseSeed(seed, now);
}

export interface DemoRun {
  seed: SeedAccount;
  selections: RuleSelection[];
  report: ScanReport;
}

/** The same scan `keysentry scan` runs, against the sample account served on loopback. */
export async function runDemo(now: Date, rules?: readonly string[]): Promise<DemoRun> {
  const seed = await readSampleAccount(now);
  const selections = selectRules(await loadSettings(SAMPLE_SETTINGS), rules);
  const aws = await startLocalAws({ seed, clock: () => now });
  try {
    const report = await scanAccount({
      regions: [seed.region],
      selections,
      endpoint: aws.url,
      credentials: { accessKeyId: "AKIDLOCALDEMO", secretAccessKey: "local-demo-secret" },
      now,
    });
    return { seed, selections, report };
  } finally {
    await aws.close();
  }
}
