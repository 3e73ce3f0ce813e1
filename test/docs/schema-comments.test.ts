import { describe, expect, it } from "vitest";
import { ruleParameterComments, settingComments } from "../../scripts/schema-comments";
import { bareSettingsJsonSchema, settingNodes } from "../../scripts/settings-schema";
import { RULES } from "../../shared/rules";
import { CHANNELS, type ChannelDefinition, settingsSchema } from "../../shared/settings";
import * as z from "../../shared/zod";

/** The paths, in a JSON Schema, of every `description`. */
function descriptionsIn(value: unknown, path = "$"): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(key === "description" ? [path] : []),
    ...descriptionsIn(child, `${path}.${key}`),
  ]);
}

describe("scripts/schema-comments.ts", () => {
  it("finds the JSDoc comment of every setting the settings schema holds", () => {
    const comments = settingComments();
    const leaves = settingNodes(bareSettingsJsonSchema()).filter((node) => node.leaf);
    expect(leaves.map((leaf) => leaf.path)).toEqual(
      expect.arrayContaining([
        "dryRun",
        "sweep.concurrency",
        "exemptionTags.reasonTag",
        "tickets.jira.baseUrl",
      ]),
    );
    for (const { path } of leaves) expect(comments.get(path), path).toBeTruthy();
    expect(comments.get("rules.<id>.mode")).toMatch(/^What keysentry does with the rule's findings/);
    expect(comments.get("tickets.jira.resolveTransition")).toBe(
      'The workflow transition (by name, e.g. "Done") applied when the finding resolves; a comment saying what resolved it is always added.',
    );
  });

  it("finds the JSDoc comment of every parameter of every rule, by rule id", () => {
    const comments = ruleParameterComments();
    expect([...comments.keys()].sort()).toEqual(RULES.map((rule) => rule.id).sort());
    for (const rule of RULES) {
      const schema = z.toJSONSchema(rule.params, { io: "input" }) as { properties?: object };
      const names = Object.keys(schema.properties ?? {});
      expect([...(comments.get(rule.id)?.keys() ?? [])].sort(), rule.id).toEqual([...names].sort());
      for (const name of names) expect(comments.get(rule.id)?.get(name), `${rule.id} ${name}`).toBeTruthy();
    }
  });

  it("leaves the runtime schemas without descriptions (the functions parse them at cold start)", () => {
    expect(descriptionsIn(z.toJSONSchema(settingsSchema, { io: "input" }))).toEqual([]);
    for (const rule of RULES)
      expect(descriptionsIn(z.toJSONSchema(rule.params, { io: "input" })), rule.id).toEqual([]);
    for (const definition of CHANNELS as readonly ChannelDefinition[])
      if (definition.settings)
        expect(
          descriptionsIn(z.toJSONSchema(definition.settings.schema, { io: "input" })),
          definition.id,
        ).toEqual([]);
  });
});
