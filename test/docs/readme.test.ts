import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withDemoExcerpt } from "../../scripts/demo-excerpt";
import { withCatalogue } from "../../scripts/rule-catalogue";
import { RULES } from "../../shared/rules";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("shows the two commands on its first screen", () => {
    const firstScreen = readme.split("\n").slice(0, 20).join("\n");
    expect(firstScreen).toContain("npm ci && npm start");
    expect(firstScreen).toContain("npm test");
  });

  it("has the rule catalogue generated from the registry (run `npm run docs` after changing a rule)", async () => {
    expect(await withCatalogue(readme)).toBe(readme);
    for (const rule of RULES) expect(readme).toContain(`| \`${rule.id}\` |`);
  });

  it("shows an excerpt of the demo's real output (run `npm run docs` after changing the demo, a rule or the sample account)", async () => {
    expect(await withDemoExcerpt(readme)).toBe(readme);
    expect(readme).toContain(`${RULES.length} rules: `);
  }, 60_000);
});
