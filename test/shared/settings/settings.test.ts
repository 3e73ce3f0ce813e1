import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError, selectRules } from "../../../shared/settings";

describe("settings", () => {
  it("defaults every rule to alert with default parameters", () => {
    const selections = selectRules(parseSettings({}));
    expect(selections).toHaveLength(13);
    expect(selections.every((s) => s.mode === "alert")).toBe(true);
    expect(selections.find((s) => s.rule.id === "kms-rotation-period")?.params).toEqual({
      maxPeriodDays: 365,
      graceDays: 7,
    });
  });

  it("drops rules set to off and keeps only the ids asked for", () => {
    const settings = parseSettings({ rules: { "kms-key-enabled": { mode: "off" } } });
    expect(selectRules(settings).map((s) => s.rule.id)).not.toContain("kms-key-enabled");
    expect(
      selectRules(settings, ["acm-certificate-expiry", "kms-key-enabled"]).map((s) => s.rule.id),
    ).toEqual(["acm-certificate-expiry"]);
  });

  it("gives the global trust settings to rules that use them", () => {
    const settings = parseSettings({ trustedAccounts: ["444455556666"], organizationId: "o-a1b2c3d4e5" });
    expect(selectRules(settings, ["kms-policy-trusted-accounts"])[0]?.params).toEqual({
      trustedAccounts: ["444455556666"],
      trustedOrganizationIds: ["o-a1b2c3d4e5"],
    });
  });

  it.each([
    [
      { rules: { "kms-rotation-period": { params: { maxPeriodDays: 5000 } } } },
      "rules.kms-rotation-period.params.maxPeriodDays",
    ],
    [
      { rules: { "kms-rotation-period": { params: { maxPeriod: 100 } } } },
      "rules.kms-rotation-period.params",
    ],
    [{ rules: { "kms-made-up": { mode: "alert" } } }, "rules.kms-made-up"],
    [{ rules: { "kms-key-enabled": { mode: "shout" } } }, "rules.kms-key-enabled.mode"],
    [{ trustedAccounts: ["12345"] }, "trustedAccounts.0"],
    [{ organisationId: "o-a1b2c3d4e5" }, ""],
  ])("fails loudly with the path of a bad field (%#)", (document, path) => {
    try {
      parseSettings(document);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).path).toBe(path);
    }
  });
});
