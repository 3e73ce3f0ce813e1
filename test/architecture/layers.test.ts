/**
 * Dependencies point inward: an area of shared/ may import its own layer and the layers inside
 * it, never one further out. Biome's noImportCycles (type imports counted) forbids cycles
 * within a layer. docs/contributing.md draws the same picture.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** Inside out. The key-policy parser needs nothing, and the model holds a parsed policy. */
const LAYERS: readonly (readonly string[])[] = [
  ["zod", "errors", "policy"],
  ["model"],
  ["rules"],
  ["settings", "inventory", "events", "outputs"],
  ["engine"],
  ["actions", "config-rules"],
  ["pipeline", "sweep"],
  ["aws", "channels"],
  ["services", "wiring"],
  ["handlers"],
];

const rank = new Map(LAYERS.flatMap((areas, i) => areas.map((area) => [area, i] as const)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** "shared/actions/alert.ts" → "actions"; "shared/zod.ts" → "zod". */
function areaOf(file: string): string {
  const [, area = ""] = relative(ROOT, file).split("/");
  return area.replace(/\.ts$/, "");
}

/** The imports in `text` (of `file`) that leave shared/ or point to a layer further out. */
function outwardImports(file: string, text: string): string[] {
  const from = areaOf(file);
  const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) =>
    resolve(dirname(file), m[1]!),
  );
  return targets.flatMap((target) => {
    const where = relative(ROOT, file);
    if (!relative(ROOT, target).startsWith("shared/")) return [`${where} imports ${relative(ROOT, target)}`];
    const to = areaOf(target);
    const outward = to !== from && (rank.get(to) ?? Number.POSITIVE_INFINITY) > (rank.get(from) ?? -1);
    return outward ? [`${where} (${from}) imports ${to}, a layer further out`] : [];
  });
}

describe("layers", () => {
  const files = sources(join(ROOT, "shared"));

  it("places every area of shared/ in a layer", () => {
    expect([...new Set(files.map(areaOf))].filter((area) => !rank.has(area))).toEqual([]);
  });

  it("has no import of a layer further out", () => {
    expect(files.flatMap((file) => outwardImports(file, readFileSync(file, "utf8")))).toEqual([]);
  });

  it("would catch one: the model importing the dispatcher", () => {
    const model = join(ROOT, "shared/model/finding.ts");
    expect(outwardImports(model, 'import { dispatch } from "../actions";\n')).toEqual([
      "shared/model/finding.ts (model) imports actions, a layer further out",
    ]);
  });
});
