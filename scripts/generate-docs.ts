/** `npm run docs`: regenerates what is derived from the registries (rules, settings, channels, event sources). */
import { readFile, writeFile } from "node:fs/promises";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { withConfigurationTables } from "./configuration-doc";
import { conformancePackYaml } from "./conformance-pack";
import { withDemoExcerpt } from "./demo-excerpt";
import { withDeployTables } from "./deploy-doc";
import { withEventSources } from "./event-sources";
import { withCatalogue } from "./rule-catalogue";
import { settingsJsonSchema } from "./settings-schema";

// The demo excerpt runs the demo, whose SDK clients would print their Node.js notice here too.
quietSdkNodeNotice();

async function update(path: URL, next: (current: string) => string | Promise<string>, label: string) {
  const current = await readFile(path, "utf8").catch(() => "");
  const updated = await next(current);
  if (updated !== current) await writeFile(path, updated);
  console.log(`${label} ${updated === current ? "is current" : "updated"}`);
}

await update(new URL("../README.md", import.meta.url), withCatalogue, "README.md rule catalogue");
await update(new URL("../README.md", import.meta.url), withDemoExcerpt, "README.md demo output");
await update(
  new URL("../infra/conformance-pack.yaml", import.meta.url),
  () => conformancePackYaml(),
  "infra/conformance-pack.yaml",
);
await update(
  new URL("../docs/settings.schema.json", import.meta.url),
  () => settingsJsonSchema(),
  "docs/settings.schema.json",
);
await update(
  new URL("../docs/configuration.md", import.meta.url),
  withConfigurationTables,
  "docs/configuration.md settings, channels and rule parameters",
);
await update(new URL("../docs/events.md", import.meta.url), withEventSources, "docs/events.md event sources");
await update(
  new URL("../docs/deploy.md", import.meta.url),
  withDeployTables,
  "docs/deploy.md stack resources and roles",
);
