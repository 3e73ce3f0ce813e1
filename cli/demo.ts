import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import sampleAccount from "../events/sample-account.json" with { type: "json" };
import sampleSettings from "../examples/settings.json" with { type: "json" };
import { rebaseSeed, type SeedAccount, startLocalAws } from "../local-aws";
import type { Snapshot } from "../shared/model";
import { parseSettings, type RuleSelection } from "../shared/settings";
import { DEMO_EVENT_FOLDERS } from "./demo-events";
import { type Replay, replayEvent } from "./replay";
import { type ScanReport, scanAccount } from "./scan";
import { selectedRules } from "./settings-file";

const DEMO_CREDENTIALS = { accessKeyId: "AKIDLOCALDEMO", secretAccessKey: "local-demo-secret" };
const EVENTS = fileURLToPath(new URL("../events/", import.meta.url));

/** The sample was captured on one day; shifted so that day is today, its results never age. */
export function readSampleAccount(now: Date): SeedAccount {
  return rebaseSeed(sampleAccount as SeedAccount, now);
}

export interface DemoRun {
  seed: SeedAccount;
  selections: RuleSelection[];
  report: ScanReport;
  replays: { file: string; replay: Replay }[];
}

async function sampleEvents(): Promise<string[]> {
  const folders = await Promise.all(
    DEMO_EVENT_FOLDERS.map(async (folder) =>
      (await readdir(`${EVENTS}${folder}`)).filter((f) => f.endsWith(".json")).map((f) => `${folder}/${f}`),
    ),
  );
  return folders.flat().sort();
}

export interface DemoOptions {
  rules?: readonly string[];
  /** Play the sample events after the scan (default true); only the table shows them. */
  events?: boolean;
  /** Each snapshot the scan's rules saw (the HTML report charts them). */
  onSnapshot?: (snapshot: Snapshot) => void;
}

/**
 * The same scan `keysentry scan` runs, against the sample account served on loopback; then
 * every sample event through the event handlers, in dry run, to show the alerts they raise.
 */
export async function runDemo(
  now: Date,
  { rules, events = true, onSnapshot }: DemoOptions = {},
): Promise<DemoRun> {
  const seed = readSampleAccount(now);
  const settings = parseSettings(sampleSettings);
  const selections = selectedRules(settings, rules);
  const aws = await startLocalAws({ seed, clock: () => now });
  try {
    const report = await scanAccount({
      regions: [seed.region],
      selections,
      exemptionTags: settings.exemptionTags,
      endpoint: aws.url,
      credentials: DEMO_CREDENTIALS,
      now,
      onSnapshot,
    });
    const replays = [];
    for (const file of events ? await sampleEvents() : []) {
      const event = JSON.parse(await readFile(`${EVENTS}${file}`, "utf8"));
      const replay = await replayEvent(event, {
        settings: { ...settings, dryRun: true },
        account: seed.account,
        region: seed.region,
        endpoint: aws.url,
        credentials: DEMO_CREDENTIALS,
        remediationRoleArn: `arn:aws:iam::${seed.account}:role/keysentry-remediation-${seed.region}`,
        now,
      });
      replays.push({ file, replay });
    }
    return { seed, selections, report, replays };
  } finally {
    await aws.close();
  }
}
