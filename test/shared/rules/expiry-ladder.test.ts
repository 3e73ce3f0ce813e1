import { describe, expect, it } from "vitest";
import { thresholdsSchema } from "../../../shared/rules/expiry-ladder";
import { parseSettings, SettingsError, selectRules } from "../../../shared/settings";

describe("expiry thresholds", () => {
  it("are kept tightest last, whatever order they come in", () => {
    expect(thresholdsSchema.parse([7, 45, 14, 30])).toEqual([45, 30, 14, 7]);
  });

  // A repeated threshold is a typo, not a shorter ladder: dropping it silently would shift
  // every severity the ladder gives.
  it.each([
    [[7, 7, 7], 7],
    [[45, 30, 30, 7], 30],
  ])("reject %j, naming the repeated threshold", (days, repeated) => {
    const result = thresholdsSchema.safeParse(days);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      `each threshold must appear once; ${repeated} appears more than once`,
    );
  });

  it.each([[[]], [[0, 7]], [[-7]], [[7.5]], [[900]]])("reject %j", (days) => {
    expect(thresholdsSchema.safeParse(days).success).toBe(false);
  });

  it("make a settings document with a repeated threshold invalid, naming the parameter", () => {
    const document = { rules: { "acm-certificate-expiry": { params: { thresholdsDays: [7, 7, 7] } } } };
    expect(() => selectRules(parseSettings(document))).toThrow(SettingsError);
    expect(() => selectRules(parseSettings(document))).toThrow(
      "invalid settings at rules.acm-certificate-expiry.params.thresholdsDays: each threshold must appear once; 7 appears more than once",
    );
  });
});
