/**
 * Bundles every Lambda function (functions/<name>/handler.ts, each on its own, as the CDK does)
 * and the CLI into dist/. Prints what each function loads at cold start (its entry and the
 * chunks that entry imports statically), what it loads only on demand, and the inputs that
 * weigh most in the cold-start part, from esbuild's metafile.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { functionBuildOptions, functionEntry } from "../infra/member/bundle";
import { buildCli } from "./build-cli";
import { bundleWeights } from "./bundle-weights";

const root = new URL("..", import.meta.url).pathname;
const outdir = join(root, "dist");

const functionNames = readdirSync(join(root, "functions"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(functionEntry(entry.name)))
  .map((entry) => entry.name)
  .sort();

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
for (const name of functionNames) {
  const functionDir = join(outdir, "functions", name);
  const { metafile } = await build(functionBuildOptions(name, functionDir));
  if (!metafile) continue;
  const weights = bundleWeights(metafile, "index.mjs");
  await writeFile(join(functionDir, "weights.json"), `${JSON.stringify(weights, null, 2)}\n`);
  console.log(
    `functions/${name}: ${kb(weights.coldStartBytes)} at cold start, ${kb(weights.onDemandBytes)} on demand` +
      ` (largest at cold start: ${weights.largest
        .slice(0, 4)
        .map((p) => `${p.name} ${kb(p.bytes)}`)
        .join(", ")})`,
  );
}
const cli = await buildCli(outdir);
console.log(
  `cli/keysentry.mjs: ${kb(cli.coldStartBytes)} at start, ${kb(cli.onDemandBytes)} loaded by the commands`,
);
