/**
 * Bundles every Lambda entry point (functions/<name>/handler.ts) and the CLI with esbuild:
 * ESM, minified, source maps, AWS SDK included and tree-shaken. Prints each bundle's size
 * and the inputs that weigh most, from esbuild's metafile.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const outdir = join(root, "dist");

function functionEntries(): Record<string, string> {
  const dir = join(root, "functions");
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "handler.ts")))
      .map((entry) => [`functions/${entry.name}/index`, join(dir, entry.name, "handler.ts")]),
  );
}

function heaviest(metafile: Metafile, output: string, count = 3): string {
  const inputs = Object.entries(metafile.outputs[output]?.inputs ?? {})
    .map(([path, { bytesInOutput }]) => [path.replace(/^node_modules\//, ""), bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count);
  return inputs.map(([path, bytes]) => `${path} ${(bytes / 1024).toFixed(1)} KB`).join(", ");
}

const shared = {
  bundle: true,
  platform: "node" as const,
  format: "esm" as const,
  minify: true,
  sourcemap: true,
  metafile: true,
  legalComments: "none" as const,
  // The SDK's ES builds tree-shake; its CommonJS builds do not.
  mainFields: ["module", "main"] as string[],
  // Lets bundled CommonJS dependencies require Node built-ins from an ES module.
  banner: {
    js: "import { createRequire as __keysentryRequire } from 'node:module'; const require = __keysentryRequire(import.meta.url);",
  },
} as const;

await mkdir(outdir, { recursive: true });
const functions = functionEntries();
const results = [];
if (Object.keys(functions).length > 0) {
  results.push(
    await build({
      ...shared,
      entryPoints: functions,
      outdir,
      outExtension: { ".js": ".mjs" },
      target: "node22",
    }),
  );
}
await writeFile(join(outdir, "cli-entry.ts"), 'import { run } from "../cli/run";\nawait run();\n');
results.push(
  await build({
    ...shared,
    entryPoints: { "cli/keysentry": join(outdir, "cli-entry.ts") },
    outdir,
    outExtension: { ".js": ".mjs" },
    target: "node20",
    banner: { js: `#!/usr/bin/env node\n${shared.banner.js}` },
  }),
);

for (const { metafile } of results) {
  if (!metafile) continue;
  for (const [output, { bytes }] of Object.entries(metafile.outputs)) {
    if (output.endsWith(".map")) continue;
    console.log(
      `${output.replace(`${root}`, "")}  ${(bytes / 1024).toFixed(1)} KB  (largest inputs: ${heaviest(metafile, output)})`,
    );
  }
}
if (Object.keys(functions).length === 0) console.log("functions/: no handler.ts entry points yet");
