import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settingsJsonSchema } from "../../scripts/settings-schema";

describe("docs/settings.schema.json", () => {
  it("is generated from the settings schema (run `npm run docs` after changing it)", () => {
    expect(readFileSync(new URL("../../docs/settings.schema.json", import.meta.url), "utf8")).toBe(
      settingsJsonSchema(),
    );
  });
});
