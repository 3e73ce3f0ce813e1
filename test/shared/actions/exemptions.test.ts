import { describe, expect, it } from "vitest";
import { exemptionFor } from "../../../shared/actions";

const now = new Date("2026-11-01T00:00:00Z");

describe("exemptionFor", () => {
  it.each([
    [{}, "kms-key-enabled", { state: "none" }],
    [{ "keysentry:exempt": "all" }, "kms-key-enabled", { state: "exempt" }],
    [{ "keysentry:exempt": "kms-rotation-enabled, kms-key-enabled" }, "kms-key-enabled", { state: "exempt" }],
    [{ "keysentry:exempt": "kms-rotation-enabled" }, "kms-key-enabled", { state: "none" }],
    [
      { "keysentry:exempt": "ALL", "keysentry:exempt-until": "2026-12-31" },
      "kms-key-enabled",
      { state: "exempt", until: "2026-12-31" },
    ],
    [
      { "keysentry:exempt": "all", "keysentry:exempt-until": "2026-10-01" },
      "kms-key-enabled",
      { state: "lapsed", until: "2026-10-01" },
    ],
    [
      { "keysentry:exempt": "all", "keysentry:exempt-until": "next quarter" },
      "kms-key-enabled",
      { state: "invalid", reason: 'keysentry:exempt-until="next quarter" is not a date' },
    ],
  ])("%j for %s", (tags, ruleId, expected) => {
    expect(exemptionFor(tags, ruleId, now)).toEqual(expected);
  });

  it("uses the configured tag names", () => {
    expect(
      exemptionFor({ "sec:waiver": "all" }, "kms-key-enabled", now, {
        tag: "sec:waiver",
        untilTag: "sec:waiver-until",
      }),
    ).toEqual({ state: "exempt" });
  });
});
