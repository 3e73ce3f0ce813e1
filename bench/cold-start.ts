/**
 * Cold start: each function's bundle (what its cold start loads: the entry and the chunks it
 * imports statically; and what it loads only on demand), and the time a fresh Node.js process
 * takes to import it (median of 20) beside a bare `node -e 0`. The import stops at the runtime's
 * environment check, after every module has been evaluated. A reference bundle holding nothing
 * but the SDK's KMS client, built the same way, shows what the SDK alone costs. Then the event
 * functions as Lambda runs them, against loopback doubles of every service (test/support/
 * lambda-process.ts): init (import and the settings read) and the first event, alert included.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { build } from "esbuild";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { functionBuildOptions } from "../infra/member/bundle";
import { type BundleWeights, bundleWeights } from "../scripts/bundle-weights";
import { runBundle, startDeploymentDouble } from "../test/support/lambda-process";
import { median } from "./stats";

const RUNS = 20;
const dist = new URL("../dist/functions/", import.meta.url);

/** Runs every command once per round, RUNS rounds, so drift in the machine's speed hits all alike. */
function timeInterleaved(commands: string[][]): number[] {
  const samples = commands.map((): number[] => []);
  for (let round = 0; round < RUNS; round++) {
    for (const [i, args] of commands.entries()) {
      const started = performance.now();
      spawnSync(process.execPath, args, { stdio: "ignore", env: { PATH: process.env.PATH } });
      samples[i]?.push(performance.now() - started);
    }
  }
  return samples.map(median);
}

const importing = (bundle: string) => [
  "--input-type=module",
  "-e",
  `await import(${JSON.stringify(bundle)}).catch(() => {})`,
];

/** A bundle of the KMS client and one command, nothing of keysentry's. */
async function sdkReference(): Promise<{ bundle: string; weights: BundleWeights }> {
  const dir = new URL("../dist/reference/", import.meta.url).pathname;
  await mkdir(dir, { recursive: true });
  const entry = `${dir}kms-client-only.ts`;
  await writeFile(
    entry,
    'import { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";\nexport const client = new KMSClient({});\nexport { DescribeKeyCommand };\n',
  );
  const { metafile } = await build({ ...functionBuildOptions("", dir), entryPoints: { index: entry } });
  return { bundle: `${dir}index.mjs`, weights: bundleWeights(metafile!, "index.mjs") };
}

export async function coldStartBenchmark() {
  const built = spawnSync("npm", ["run", "build"], { stdio: "ignore" });
  if (built.status !== 0) throw new Error("npm run build failed");
  const targets = readdirSync(dist).map((name) => ({
    name,
    bundle: new URL(`${name}/index.mjs`, dist).pathname,
    weights: JSON.parse(readFileSync(new URL(`${name}/weights.json`, dist), "utf8")) as BundleWeights,
  }));
  const reference = await sdkReference();
  targets.push({ name: "(reference: KMS client alone)", ...reference });
  const [bare = 0, ...times] = timeInterleaved([["-e", "0"], ...targets.map((t) => importing(t.bundle))]);
  const rows = targets.map(({ name, weights }, i) => ({
    function: name,
    coldStartKb: Math.round(weights.coldStartBytes / 1024),
    onDemandKb: Math.round(weights.onDemandBytes / 1024),
    largest: weights.largest
      .slice(0, 3)
      .map((p) => `${p.name} ${Math.round(p.bytes / 1024)} KB`)
      .join(", "),
    importMs: Number((times[i] ?? 0).toFixed(1)),
    overheadMs: Number(((times[i] ?? 0) - bare).toFixed(1)),
  }));
  return { bareNodeMs: Number(bare.toFixed(1)), rows };
}

const FIRST_EVENTS = { "kms-events": "kms/disable-key-rotation.json", "acm-events": "acm/expired.json" };
const FIRST_EVENT_RUNS = 10;

/** A fresh process per run, a fresh state table per run, so every first event alerts. */
export async function firstEventBenchmark() {
  const double = await startDeploymentDouble(new Date());
  try {
    const rows = [];
    for (const [name, sample] of Object.entries(FIRST_EVENTS)) {
      const event = JSON.parse(readFileSync(new URL(`../events/${sample}`, import.meta.url), "utf8"));
      const runs = [];
      for (let i = 0; i < FIRST_EVENT_RUNS; i++) {
        await double.freshStateTable();
        runs.push(
          await runBundle({
            bundle: new URL(`${name}/index.mjs`, dist).pathname,
            event,
            functionArn: `arn:aws:lambda:${event.region}:${event.account}:function:keysentry-${name}`,
            env: double.env,
          }),
        );
      }
      const alerted = double.calls.filter((c) => c.service === "sns" && c.operation === "Publish").length;
      rows.push({
        function: name,
        event: sample,
        initMs: Number(median(runs.map((r) => r.initMs)).toFixed(1)),
        firstEventMs: Number(median(runs.map((r) => r.invokeMs)).toFixed(1)),
        alerts: `${alerted} of ${FIRST_EVENT_RUNS}`,
      });
      double.calls.length = 0;
    }
    return rows;
  } finally {
    await double.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  const figures = { ...(await coldStartBenchmark()), firstEvent: await firstEventBenchmark() };
  console.log(`bare node -e 0: ${figures.bareNodeMs} ms (median of ${RUNS})`);
  console.table(figures.rows);
  console.log(`in a fresh process, as Lambda runs it (median of ${FIRST_EVENT_RUNS}):`);
  console.table(figures.firstEvent);
  await writeFile(
    new URL("./results/cold-start.json", import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
}
