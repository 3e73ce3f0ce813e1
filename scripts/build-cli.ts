/**
 * Bundles the CLI into dist/cli: the package's bin (keysentry.mjs), the chunks its commands load
 * when run, the HTML report's assets, and the sample events the demo plays (dist/events). Run by
 * `prepare`, so `npm ci` and `npm pack` leave a current build, and by `npm run build`.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { DEMO_EVENT_FOLDERS } from "../cli/demo-events";
import { functionBuildOptions, REQUIRE_SHIM } from "../infra/member/bundle";
import { type BundleWeights, bundleWeights } from "./bundle-weights";

const root = new URL("..", import.meta.url).pathname;

/** The functions' settings, one entry whose commands are chunks, for the Node.js versions the README names. */
export function cliBuildOptions(outdir: string): BuildOptions {
  return {
    ...functionBuildOptions("", outdir),
    entryPoints: { keysentry: join(root, "cli", "keysentry.ts") },
    // Chunks sit beside the entry: the report reads ./assets and the demo ../events from its own URL.
    chunkNames: "[name]-[hash]",
    target: "node20",
    banner: { js: REQUIRE_SHIM },
  };
}

/** Builds the CLI under `dist`; returns what `keysentry help` loads and what the commands load on use. */
export async function buildCli(dist = join(root, "dist")): Promise<BundleWeights> {
  const outdir = join(dist, "cli");
  await rm(outdir, { recursive: true, force: true });
  await rm(join(dist, "events"), { recursive: true, force: true });
  const { metafile } = await build(cliBuildOptions(outdir));
  // Read beside the bundle as beside cli/report/render.ts and cli/demo.ts.
  await cp(join(root, "cli", "report", "assets"), join(outdir, "assets"), { recursive: true });
  await mkdir(join(dist, "events"), { recursive: true });
  for (const folder of DEMO_EVENT_FOLDERS)
    await cp(join(root, "events", folder), join(dist, "events", folder), { recursive: true });
  await writeFile(join(outdir, "THIRD-PARTY-LICENSES.txt"), await thirdPartyLicenses(metafile as Metafile));
  return bundleWeights(metafile as Metafile, "keysentry.mjs");
}

/** The licence of every package the bundle holds code from, each text once with the packages under it. */
async function thirdPartyLicenses(metafile: Metafile): Promise<string> {
  // The innermost node_modules/<package> of each input (relative to the working directory, as
  // esbuild writes them): nested copies can differ in version.
  const dirs = new Set(
    Object.keys(metafile.inputs).flatMap((input) => {
      const dir = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)?.[1];
      return dir ? [resolve(dir)] : [];
    }),
  );
  const byText = new Map<string, string[]>();
  const texts = new Map<string, string>();
  for (const dir of dirs) {
    const { name, version, license } = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    const file = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? (await readFile(join(dir, file), "utf8")).trim() : `License: ${license}`;
    // Copies of one licence differ in line breaks and spacing only.
    const key = text.replace(/\s+/g, " ");
    byText.set(key, [...(byText.get(key) ?? []), `${name}@${version} (${license})`]);
    texts.set(key, text);
  }
  const sections = [...byText].map(
    ([key, names]) => `${[...new Set(names)].sort().join("\n")}\n\n${texts.get(key)}`,
  );
  return `keysentry's CLI bundles code from these packages, under these licences.\n\n${sections.join(`\n\n${"-".repeat(72)}\n\n`)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const weights = await buildCli();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  // On stderr: `npm pack --json` runs this through `prepare` and its stdout must stay JSON.
  console.error(
    `dist/cli/keysentry.mjs: ${kb(weights.coldStartBytes)} at start, ${kb(weights.onDemandBytes)} loaded by the commands`,
  );
}
