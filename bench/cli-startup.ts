/**
 * CLI start-up: wall time of a fresh process running `keysentry help`, `keysentry permissions`
 * and `keysentry scan --help` from the package's bin (dist/cli/keysentry.mjs, as `prepare`
 * builds it), median of 20 interleaved runs, beside `node -e 0`. For comparison, the same
 * source run through tsx (what the bin did before it was compiled, and what `npm run cli` does)
 * and the CLI bundled as one file (what it was before its commands loaded on use).
 */
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { buildCli, cliBuildOptions } from "../scripts/build-cli";
import { median } from "./stats";

const RUNS = 20;
const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "dist", "cli", "keysentry.mjs");

/** The CLI as one file, every command in it. */
async function singleFile(): Promise<string> {
  const outdir = join(root, "dist", "reference", "cli-single");
  await build({ ...cliBuildOptions(outdir), splitting: false });
  return join(outdir, "keysentry.mjs");
}

/** Runs every command once per round, RUNS rounds, so drift in the machine's speed hits all alike. */
function timeInterleaved(commands: string[][]): number[] {
  const samples = commands.map((): number[] => []);
  const env = {
    PATH: process.env.PATH,
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
  };
  for (let round = 0; round < RUNS; round++) {
    for (const [i, args] of commands.entries()) {
      const started = performance.now();
      const { status } = spawnSync(process.execPath, args, { stdio: "ignore", env, cwd: root });
      if (status !== 0) throw new Error(`node ${args.join(" ")} exited ${status}`);
      samples[i]?.push(performance.now() - started);
    }
  }
  return samples.map(median);
}

const weights = await buildCli();
const single = await singleFile();
const tsx = ["--import", "tsx", join(root, "cli", "keysentry.ts")];
const rows: [string, string[]][] = [
  ["node -e 0", ["-e", "0"]],
  ["keysentry help (bin)", [bin, "help"]],
  ["keysentry permissions (bin)", [bin, "permissions"]],
  ["keysentry scan --help (bin)", [bin, "scan", "--help"]],
  ["keysentry help (one-file bundle)", [single, "help"]],
  ["keysentry help (source through tsx)", [...tsx, "help"]],
];
const times = timeInterleaved(rows.map(([, args]) => args));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `bin: ${kb(weights.coldStartBytes)} at start, ${kb(weights.onDemandBytes)} loaded by the commands`,
);
console.log("| command | median of 20 |\n| --- | --- |");
for (const [i, [name]] of rows.entries()) console.log(`| ${name} | ${times[i]!.toFixed(0)} ms |`);
await writeFile(
  new URL("./results/cli-startup.json", import.meta.url),
  `${JSON.stringify(
    {
      startBytes: weights.coldStartBytes,
      onDemandBytes: weights.onDemandBytes,
      medianMs: Object.fromEntries(rows.map(([name], i) => [name, Math.round(times[i]!)])),
    },
    null,
    2,
  )}\n`,
);
