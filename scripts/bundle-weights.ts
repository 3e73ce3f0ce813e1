import type { Metafile } from "esbuild";

export interface BundleWeights {
  /** The entry and every chunk it imports statically: what a cold start parses. */
  coldStartBytes: number;
  /** Chunks reached only through dynamic `import()`. */
  onDemandBytes: number;
  /** Packages (or source folders) by bytes in the cold-start part, heaviest first. */
  largest: { name: string; bytes: number }[];
}

/** Groups an input path by npm package (node_modules/@scope/name) or by source folder (shared/rules). */
const groupOf = (input: string) =>
  input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? input.split("/").slice(0, 2).join("/");

/** Splits a function's outputs into what its cold start loads and what it loads on demand. */
export function bundleWeights(
  metafile: Metafile,
  entryFile: string,
  top = Number(process.env.WEIGHTS_TOP ?? 10),
): BundleWeights {
  const outputs = Object.entries(metafile.outputs).filter(([path]) => !path.endsWith(".map"));
  const entry = outputs.find(([path]) => path.endsWith(`/${entryFile}`));
  if (!entry) throw new Error(`no output named ${entryFile}`);
  const byPath = new Map(outputs);
  const coldStart = new Set<string>();
  const visit = (path: string) => {
    if (coldStart.has(path)) return;
    coldStart.add(path);
    for (const imported of byPath.get(path)?.imports ?? [])
      if (imported.kind === "import-statement" && byPath.has(imported.path)) visit(imported.path);
  };
  visit(entry[0]);
  const groups = new Map<string, number>();
  let coldStartBytes = 0;
  let onDemandBytes = 0;
  for (const [path, output] of outputs) {
    if (!coldStart.has(path)) {
      onDemandBytes += output.bytes;
      continue;
    }
    coldStartBytes += output.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
  }
  const largest = [...groups]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  return { coldStartBytes, onDemandBytes, largest };
}
