import sampleAccount from "../events/sample-account.json" with { type: "json" };
import sampleSettings from "../examples/settings.json" with { type: "json" };
import { parseSettings, type RuleSelection, selectRules } from "../shared/settings";
import { rebaseSeed, type SeedAccount, startLocalAws } from "../test/support/local-aws";
import { type ScanReport, scanAccount } from "./scan";

/** The sample was captured on one day; shifted so that day is today, its results never age. */
export function readSampleAccount(now: Date): SeedAccount {
  return rebaseSeed(sampleAccount as SeedAccount, now);
}

export interface DemoRun {
  seed: SeedAccount;
  selections: RuleSelection[];
  report: ScanReport;
}

/** The same scan `keysentry scan` runs, against the sample account served on loopback. */
export async function runDemo(now: Date, rules?: readonly string[]): Promise<DemoRun> {
  const seed = readSampleAccount(now);
  const selections = selectRules(parseSettings(sampleSettings), rules);
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
