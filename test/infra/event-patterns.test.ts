/**
 * Every EventBridge rule's pattern against every sample in events/, through a matcher written from
 * the EventBridge User Guide (test/support/event-pattern.ts), not from our patterns. Which rule a
 * sample is meant for comes from the registry: the source that claims its envelope `source`, and
 * among that source's rules the one whose listed values (detail-type, eventName, service, event
 * type code) name it. Failed calls are meant for none: they change nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVENT_PATTERNS, type PatternName } from "../../infra/member/event-patterns";
import { CLOUDTRAIL_DETAIL_TYPE, type EventPattern, eventSourceFor } from "../../shared/events";
import { matchesPattern } from "../support/event-pattern";

const FAMILIES = readdirSync(new URL("../../events/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

type Sample = Record<string, unknown> & { detail?: Record<string, unknown> };

const samples = FAMILIES.flatMap((family) =>
  readdirSync(new URL(`../../events/${family}/`, import.meta.url))
    .filter((file) => file.endsWith(".json"))
    .map((file) => {
      const text = readFileSync(new URL(`../../events/${family}/${file}`, import.meta.url), "utf8");
      return [`${family}/${file}`, JSON.parse(text) as Sample] as const;
    }),
);

/** The value at a pattern's path in the event, when it is a string. */
function at(event: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined,
    event,
  );
}

/** The lists of plain values a pattern names, by path: what the rule is for, leaving out its filters. */
function listedValues(pattern: EventPattern, path: string[] = []): [string[], unknown[]][] {
  return Object.entries(pattern).flatMap(([key, value]): [string[], unknown[]][] => {
    if (key === "$or") return [];
    if (Array.isArray(value)) {
      const plain = value.filter((v) => typeof v === "string");
      return plain.length > 0 ? [[[...path, key], plain]] : [];
    }
    return value && typeof value === "object" ? listedValues(value as EventPattern, [...path, key]) : [];
  });
}

/** The rules a sample is meant for, from the registry and the sample alone. */
function meantFor(event: Sample): PatternName[] {
  const source = eventSourceFor(event.source);
  if (!source) return [];
  if (event["detail-type"] === CLOUDTRAIL_DETAIL_TYPE && event.detail?.errorCode) return [];
  return Object.entries(source.patterns)
    .filter(([, pattern]) =>
      listedValues(pattern).every(([path, values]) => values.includes(at(event, path))),
    )
    .map(([name]) => name);
}

describe("each sample in events/ invokes exactly the rule meant for it", () => {
  it("reads every family", () => {
    expect(FAMILIES).toEqual(expect.arrayContaining(["kms", "acm", "acmpca", "config", "malformed"]));
  });

  it.each(samples)("%s", (_file, event) => {
    const matched = (Object.keys(EVENT_PATTERNS) as PatternName[]).filter((name) =>
      matchesPattern(EVENT_PATTERNS[name], event),
    );
    const meant = meantFor(event);
    expect(meant.length).toBeLessThanOrEqual(1);
    expect(matched).toEqual(meant);
  });

  it.each(["kms", "acm", "acmpca"])(
    "every sample of events/%s but a failed call is meant for a rule",
    (family) => {
      const unmeant = samples
        .filter(([file, event]) => file.startsWith(`${family}/`) && !event.detail?.errorCode)
        .filter(([, event]) => meantFor(event).length === 0)
        .map(([file]) => file);
      expect(unmeant).toEqual([]);
    },
  );
});

describe("what the patterns leave out", () => {
  const sample = (file: string) => samples.find(([name]) => name === file)![1];

  it("failed calls and calls keysentry does not watch", () => {
    const failed = sample("kms/failed-disable-key.json");
    expect(matchesPattern(EVENT_PATTERNS.kmsApiCalls, failed)).toBe(false);
    const listKeys = { ...failed, detail: { ...failed.detail, errorCode: undefined, eventName: "ListKeys" } };
    expect(matchesPattern(EVENT_PATTERNS.kmsApiCalls, listKeys)).toBe(false);
    const exported = sample("acm/export-certificate.json");
    const refused = { ...exported, detail: { ...exported.detail, errorCode: "RequestInProgressException" } };
    expect(matchesPattern(EVENT_PATTERNS.acmApiCalls, refused)).toBe(false);
    const read = { ...exported, detail: { ...exported.detail, eventName: "GetCertificate" } };
    expect(matchesPattern(EVENT_PATTERNS.acmApiCalls, read)).toBe(false);
  });
});
