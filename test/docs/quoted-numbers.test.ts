import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { timeouts } from "../../shared/aws/clients";
import { SECURITY_HUB_CONTROLS } from "../../shared/outputs";
import { RULES } from "../../shared/rules";
import { parseSettings, SettingsError } from "../../shared/settings";

/** The numbers the docs quote in prose, against the code they describe: a changed default fails here. */
function doc(path: string): string {
  return readFileSync(new URL(`../../${path}`, import.meta.url), "utf8").replace(/\s+/g, " ");
}

function ruleDefault(ruleId: string, param: string): unknown {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return (rule.params.parse({}) as Record<string, unknown>)[param];
}

const defaults = parseSettings({});

describe("numbers quoted in the docs", () => {
  it("give the settings' defaults", () => {
    const sweep = doc("docs/config-and-sweep.md");
    expect(sweep).toContain(`(default every ${defaults.sweep.everyHours} hours)`);
    expect(sweep).toContain(
      `\`sweep.maxRemediationsPerRun\` (default ${defaults.sweep.maxRemediationsPerRun})`,
    );
    expect(sweep).toContain(`\`quotaShare\` (default ${defaults.quotaShare})`);
    expect(doc("docs/events.md")).toContain(`(\`dedupWindowHours\`, default ${defaults.dedupWindowHours})`);
  });

  it("give the rules' default parameters", () => {
    const text = doc("docs/how-it-works.md");
    expect(text).toContain(`\`unusedDays\` (${ruleDefault("kms-key-unused", "unusedDays")})`);
    expect(text).toContain(`\`recentUseDays\` (${ruleDefault("kms-not-pending-deletion", "recentUseDays")})`);
    expect(text).toContain(
      `\`renewalWindowDays\` (${ruleDefault("acm-certificate-renewal", "renewalWindowDays")} by default)`,
    );
  });

  it("quote the error a parameter out of range gives", () => {
    let message = "";
    try {
      parseSettings({ rules: { "kms-rotation-period": { params: { maxPeriodDays: 2561 } } } });
    } catch (error) {
      if (error instanceof SettingsError) message = error.message;
    }
    expect(message).not.toBe("");
    expect(doc("docs/configuration.md")).toContain(`keysentry: ${message}`);
  });

  it("name every Security Hub control a rule answers", () => {
    const controls = [...new Set(Object.values(SECURITY_HUB_CONTROLS))].join(", ");
    expect(doc("README.md")).toContain(`Security Hub control (${controls})`);
  });

  it("give the SDK clients' time limits", () => {
    const { requestTimeout, connectionTimeout } = timeouts();
    expect(doc("docs/how-it-works.md")).toContain(
      `abandoned after ${requestTimeout / 1000} seconds (${connectionTimeout / 1000} to connect)`,
    );
  });
});
