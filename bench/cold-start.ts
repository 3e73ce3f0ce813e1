/**
 * Cold start: each function's bundle (what its cold start loads: the entry and the chunks it
 * imports statically; and what it loads only on demand), and the time a fresh Node.js process
 * takes to import it (median of 20) beside a bare `node -e 0`. The import stops at the runtime's
 * environment check, after every module has been evaluated.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { BundleWeights } from "../scripts/bundle-weights";

const RUNS = 20;
const dist = new URL("../dist/functions/", import.meta.url);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timeNode(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    spawnSync(process.execPath, args, { stdio: "ignore", env: { PATH: process.env.PATH } });
    samples.push(performance.now() - started);
  }
  return median(samples);
}

export function coldStartBenchmark() {
  const build = spawnSync("npm", ["run", "build"], { stdio: "ignore" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const bare = timeNode(["-e", "0"]);
  const rows = readdirSync(dist).map((name) => {
    const bundle = new URL(`${name}/index.mjs`, dist).pathname;
    const ms = timeNode([
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(bundle)}).catch(() => {})`,
    ]);
    const weights: BundleWeights = JSON.parse(readFileSync(new URL(`${name}/weights.json`, dist), "utf8"));
    return {
      function: name,
      coldStartKb: Math.round(weights.coldStartBytes / 1024),
      onDemandKb: Math.round(weights.onDemandBytes / 1024),
      largest: weights.largest
        .slice(0, 3)
        .map((p) => `${p.name} ${Math.round(p.bytes / 1024)} KB`)
        .join(", "),
      importMs: Number(ms.toFixed(1)),
      overheadMs: Number((ms - bare).toFixed(1)),
    };
  });
  return { bareNodeMs: Number(bare.toFixed(1)), rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = coldStartBenchmark();
  console.log(`bare node -e 0: ${figures.bareNodeMs} ms (median of ${RUNS})`);
  console.table(figures.rows);
  await writeFile(
    new URL("./results/cold-start.json", import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
}
