import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configRuleName, conformancePackYaml } from "../../scripts/conformance-pack";
import { readConfigInvocation } from "../../shared/config-rules";
import { RULES } from "../../shared/rules";

const pack = readFileSync(new URL("../../infra/conformance-pack.yaml", import.meta.url), "utf8");

describe("infra/conformance-pack.yaml", () => {
  it("is generated from the registry (run `npm run docs` after changing a rule)", () => {
    expect(pack).toBe(conformancePackYaml());
  });

  it.each(RULES.map((r) => [r.id, r] as const))(
    "declares %s, and the function recognises its name",
    (id, rule) => {
      expect(pack).toContain(`ConfigRuleName: ${configRuleName(id)}\n`);
      const invocation = {
        invokingEvent: JSON.stringify({
          messageType: "ScheduledNotification",
          notificationCreationTime: "2026-11-01T00:00:00Z",
        }),
        resultToken: "t",
        configRuleName: configRuleName(id),
        accountId: "111122223333",
      };
      expect(readConfigInvocation(invocation).rule).toBe(rule);
    },
  );

  it("triggers each rule as the registry says", () => {
    const blocks = pack.split(/\n {2}(?=[A-Z])/).slice(1);
    for (const rule of RULES) {
      const block = blocks.find((b) => b.includes(`ConfigRuleName: ${configRuleName(rule.id)}\n`)) ?? "";
      expect(block.includes("ConfigurationItemChangeNotification")).toBe(rule.evaluatedOn.includes("change"));
      expect(block.includes("ScheduledNotification")).toBe(rule.evaluatedOn.includes("schedule"));
    }
  });
});
