import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { patternConditions, withEventSources } from "../../scripts/event-sources";
import { EVENT_SOURCES, KMS_NATIVE_EVENTS, WATCHED_ACM_CALLS, WATCHED_KMS_CALLS } from "../../shared/events";

const doc = readFileSync(new URL("../../docs/events.md", import.meta.url), "utf8");

describe("docs/events.md", () => {
  it("has its event sources table generated from the registry (run `npm run docs` after changing a source)", () => {
    expect(withEventSources(doc)).toBe(doc);
  });

  it("lists every event source's function and every event its patterns match", () => {
    for (const source of EVENT_SOURCES) expect(doc).toContain(`| \`functions/${source.functionName}\` |`);
    for (const name of [...WATCHED_KMS_CALLS, ...KMS_NATIVE_EVENTS, ...WATCHED_ACM_CALLS])
      expect(doc).toContain(`\`${name}\``);
  });

  it("writes a pattern as one condition per field", () => {
    expect(
      patternConditions({
        source: ["aws.kms"],
        detail: { eventName: ["A", "B"], errorCode: [{ exists: false }] },
      }),
    ).toEqual(["source: `aws.kms`", "detail.eventName: `A`, `B`", "detail.errorCode: absent"]);
  });
});
