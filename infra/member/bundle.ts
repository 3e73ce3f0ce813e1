import { join } from "node:path";
import type { BuildOptions } from "esbuild";

const root = new URL("../../", import.meta.url).pathname;

/** Lets bundled CommonJS dependencies require Node.js built-ins from an ES module. */
export const REQUIRE_SHIM =
  "import { createRequire as __keysentryRequire } from 'node:module'; const require = __keysentryRequire(import.meta.url);";

/** The entry point of a keysentry function, by the name of its folder under functions/. */
export const functionEntry = (name: string) => join(root, "functions", name, "handler.ts");

/**
 * How every function is bundled, by the CDK and by `npm run build` alike: ESM, minified, source
 * maps, the SDK from its ES builds (they tree-shake; the CommonJS builds do not), and code
 * splitting so each dynamic `import()` (adapters most invocations never call, the SDK's rarely
 * used credential providers) becomes a chunk loaded only when first needed.
 */
export function functionBuildOptions(name: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: functionEntry(name) },
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node24",
    minify: true,
    sourcemap: true,
    metafile: true,
    legalComments: "none",
    mainFields: ["module", "main"],
    banner: { js: REQUIRE_SHIM },
    logLevel: "warning",
  };
}
