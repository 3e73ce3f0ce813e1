import { describe, expect, it } from "vitest";
import { RULES, UnknownRuleError } from "../../../shared/rules";
import { parseSettings, SettingsError, selectRules } from "../../../shared/settings";

describe("settings", () => {
  it("defaults every rule to alert with default parameters", () => {
    const selections = selectRules(parseSettings({}));
    expect(selections).toHaveLength(RULES.length);
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

  it("rejects a remediation rotation period longer than the rule allows, naming both fields", () => {
    expect(() =>
      parseSettings({
        rules: { "kms-rotation-period": { mode: "remediate", params: { maxPeriodDays: 180 } } },
        remediation: { rotationPeriodDays: 365 },
      }),
    ).toThrow(/remediation\.rotationPeriodDays.*rules\.kms-rotation-period\.params\.maxPeriodDays \(180\)/);
  });

  it("sets rotation to the rule's maximum when that is shorter than KMS's 365 days and nothing else is said", () => {
    const settings = parseSettings({ rules: { "kms-rotation-period": { params: { maxPeriodDays: 180 } } } });
    expect(settings.remediation.rotationPeriodDays).toBe(180);
    expect(parseSettings({}).remediation.rotationPeriodDays).toBe(365);
  });

  it("rejects remediate for a rule that has no remediation, listing those that have one", () => {
    expect(() => parseSettings({ rules: { "kms-policy-root-access": { mode: "remediate" } } })).toThrow(
      /rules\.kms-policy-root-access\.mode: kms-policy-root-access has no remediation; rules that can remediate: .*kms-rotation-enabled/,
    );
  });

  it.each([
    ['{"rules": {"__proto__": {"mode": "off"}}}', "rules.__proto__"],
    [
      '{"rules": {"kms-key-enabled": {"params": {"constructor": {}}}}}',
      "rules.kms-key-enabled.params.constructor",
    ],
    ["null", ""],
    ["[]", ""],
    ['"alert"', ""],
  ])("rejects %s with its path", (text, path) => {
    try {
      parseSettings(JSON.parse(text));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).path).toBe(path);
    }
  });

  it("leaves Object.prototype alone whatever the document says", () => {
    try {
      parseSettings(JSON.parse('{"__proto__": {"polluted": true}}'));
    } catch {
      // rejected, as it should be
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe("SettingsError", () => {
  it("keeps the error it reports as its cause", () => {
    const error = (() => {
      try {
        parseSettings({ rules: { "kms-made-up": {} } });
      } catch (caught) {
        return caught as SettingsError;
      }
    })();
    expect(error?.cause).toBeInstanceOf(UnknownRuleError);
  });
});

describe("quotaShare", () => {
  it("defaults to half of each published quota", () => {
    expect(parseSettings({}).quotaShare).toBe(0.5);
  });

  it("still reads its former name, sweep.quotaShare", () => {
    const settings = parseSettings({ sweep: { quotaShare: 0.25 } });
    expect(settings.quotaShare).toBe(0.25);
    expect(settings.sweep).not.toHaveProperty("quotaShare");
    expect(parseSettings({ quotaShare: 0.25, sweep: { quotaShare: 0.25 } }).quotaShare).toBe(0.25);
  });

  it("refuses the two names when they disagree", () => {
    expect(() => parseSettings({ quotaShare: 1, sweep: { quotaShare: 0.25 } })).toThrowError(
      /sweep\.quotaShare: the former name of quotaShare, given 0\.25 beside quotaShare 1/,
    );
    expect(() => parseSettings({ quotaShare: 0 })).toThrowError(SettingsError);
  });
});
