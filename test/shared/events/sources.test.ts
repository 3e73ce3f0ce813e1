import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  EVENT_SOURCES,
  type EventSourceDefinition,
  eventReaderFor,
  eventSourceFor,
  NoEventSourceError,
} from "../../../shared/events";
import { sample } from "../../support/event-harness";

const root = new URL("../../../", import.meta.url);

describe("the event-source registry", () => {
  it.each(EVENT_SOURCES.map((s) => [s.functionName, s] as const))("%s has its function", (name) => {
    expect(existsSync(new URL(`functions/${name}/handler.ts`, root))).toBe(true);
  });

  it("gives each source its own patterns, over its own envelope sources only", () => {
    const names = EVENT_SOURCES.flatMap((s) => Object.keys(s.patterns("111122223333")));
    expect(new Set(names).size).toBe(names.length);
    for (const source of EVENT_SOURCES)
      for (const pattern of Object.values(source.patterns("111122223333")))
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

describe("each event function reads every source registered for it", () => {
  const deployment = { account: "111122223333", region: "eu-west-1" };
  /** The registry with each reader replaced by one that names its source, to see where an event went. */
  const marked = (registry: readonly EventSourceDefinition[]) =>
    registry.map((s, i) => ({ ...s, read: () => ({ ignored: `source #${i}` }) }));

  it.each(EVENT_SOURCES.flatMap((s, i) => s.sources.map((source) => [source, s.functionName, i] as const)))(
    "%s reaches %s's reader",
    (source, functionName, index) => {
      const reader = eventReaderFor(functionName, marked(EVENT_SOURCES));
      expect(reader({ source }, deployment)).toEqual({ ignored: `source #${index}` });
    },
  );

  it("a source added for a function is read by that function", () => {
    const added: EventSourceDefinition = {
      ...EVENT_SOURCES[0]!,
      sources: ["aws.example"],
      patterns: () => ({}),
      read: () => ({ ignored: "the added source read it" }),
    };
    const reader = eventReaderFor(added.functionName, [...EVENT_SOURCES, added]);
    expect(reader({ source: "aws.example" }, deployment)).toEqual({ ignored: "the added source read it" });
  });

  it("a function no source is registered for has no reader", () => {
    expect(() => eventReaderFor("kms-events", [])).toThrow(NoEventSourceError);
  });

  it("an event no source of the function claims is ignored with the first source's reason", () => {
    const reading = eventReaderFor("kms-events")(sample("acm/expired.json"), deployment);
    expect(reading).toEqual({ ignored: "source aws.acm is not aws.kms" });
  });

  it.each([...new Set(EVENT_SOURCES.map((s) => s.functionName))])(
    "functions/%s/handler.ts reads through its function's reader",
    (name) => {
      const handler = readFileSync(new URL(`functions/${name}/handler.ts`, root), "utf8");
      expect(handler).toContain(`eventReaderFor("${name}")`);
      expect(handler).not.toMatch(/_EVENT_SOURCE\b|\.read\b/);
    },
  );
});
