import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVENT_SOURCES, eventSourceFor } from "../../../shared/events";
import { sample } from "../../support/event-harness";

const root = new URL("../../../", import.meta.url);

describe("the event-source registry", () => {
  it.each(EVENT_SOURCES.map((s) => [s.functionName, s] as const))("%s has its function", (name) => {
    expect(existsSync(new URL(`functions/${name}/handler.ts`, root))).toBe(true);
  });

  it("gives each source its own patterns, over its own envelope sources only", () => {
    const names = EVENT_SOURCES.flatMap((s) => Object.keys(s.patterns));
    expect(new Set(names).size).toBe(names.length);
    for (const source of EVENT_SOURCES)
      for (const pattern of Object.values(source.patterns))
        for (const value of pattern.source as string[]) expect(source.sources).toContain(value);
  });

  it.each([
    ["kms", "kms-events"],
    ["acm", "acm-events"],
    ["acmpca", "acm-events"],
  ])("routes every sample of events/%s to the function that serves it", (family, functionName) => {
    const files = readdirSync(new URL(`events/${family}/`, root)).filter((f) => f.endsWith(".json"));
    for (const file of files) {
      const event = sample(`${family}/${file}`);
      expect(eventSourceFor(event.source)?.functionName, file).toBe(functionName);
    }
  });
});
