/**
 * Test files share their worker's modules (isolate: false in vitest.config.ts), so none may leave a
 * stub behind for the next: SDK clients are stubbed through mockAws, which removes the stub, and
 * modules are mocked with vi.doMock on a fresh registry, never with the hoisted vi.mock, which
 * would miss a module another file loaded first and outlive the file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const MOCK_AWS = "test/support/mock-aws.ts";

function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "output" ? [] : testSources(path);
    return entry.name.endsWith(".ts") ? [relative(ROOT, path)] : [];
  });
}

const offending = (pattern: RegExp) =>
  testSources(join(ROOT, "test")).filter(
    (file) => file !== MOCK_AWS && pattern.test(readFileSync(join(ROOT, file), "utf8")),
  );

describe("test files leave nothing behind for the next file in their worker", () => {
  it("stub SDK clients through mockAws, never mockClient", () => {
    expect(offending(/\bmockClient\(/)).toEqual([]);
  });

  it("mock modules with vi.doMock, never the hoisted vi.mock", () => {
    expect(offending(/\bvi\.mock\(/)).toEqual([]);
  });
});
