import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { channelSetting } from "../../scripts/channel-table";
import { withConfigurationTables } from "../../scripts/configuration-doc";
import { ruleParameters } from "../../scripts/rule-parameters";
import { settings } from "../../scripts/settings-reference";
import { RULES } from "../../shared/rules";
import { CHANNELS, type ChannelDefinition } from "../../shared/settings";
import * as z from "../../shared/zod";

const doc = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");

describe("docs/configuration.md", () => {
  it("has its settings, channels and rule parameters tables generated (run `npm run docs` after changing a schema, channel or rule)", () => {
    expect(withConfigurationTables(doc)).toBe(doc);
  });

  it("describes every setting, dotted, with the JSDoc comment above it", () => {
    const paths = settings().map((s) => s.path);
    for (const path of [
      "dryRun",
      "sweep.concurrency",
      "tickets.jira.baseUrl",
      "rules.<id>.mode",
      "rules.<id>.params",
    ])
      expect(paths).toContain(path);
    for (const setting of settings()) {
      expect(setting.description, setting.path).toBeTruthy();
      expect(doc).toContain(`| \`${setting.path}\` |`);
    }
  });

  it("describes every parameter of every rule", () => {
    const parameters = ruleParameters();
    for (const rule of RULES) {
      const names = Object.keys(
        (z.toJSONSchema(rule.params, { io: "input" }) as { properties?: object }).properties ?? {},
      );
      expect(parameters.filter((p) => p.rule === rule).map((p) => p.name)).toEqual(names);
      if (names.length > 0) expect(doc).toContain(`| \`${rule.id}\` | \`${names[0]}\` |`);
    }
    for (const parameter of parameters)
      expect(parameter.description, `${parameter.rule.id} ${parameter.name}`).toBeTruthy();
  });

  it("says which parameters the global trust settings fill", () => {
    const inherited = ruleParameters().filter((p) => p.inheritedFrom);
    expect(inherited.map((p) => [p.rule.id, p.name, p.inheritedFrom])).toEqual([
      ["kms-policy-trusted-accounts", "trustedAccounts", "trustedAccounts"],
      ["kms-policy-trusted-accounts", "trustedOrganizationIds", "organizationId"],
      ["kms-grant-principals", "trustedAccounts", "trustedAccounts"],
      ["kms-grant-principals", "trustedOrganizationIds", "organizationId"],
    ]);
    for (const p of inherited) expect(p.rule.usesTrust).toBe(true);
  });

  it("lists every channel with where it is turned on", () => {
    for (const definition of CHANNELS as readonly ChannelDefinition[]) {
      const setting = channelSetting(definition);
      expect(doc).toContain(
        `| ${definition.title} (\`${definition.id}\`) | ${setting ? `\`${setting}\`` : "the stack"} |`,
      );
    }
  });
});
