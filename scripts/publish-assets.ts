/**
 * `npm run publish-assets -- --regions us-east-1,eu-west-1 --assets-account 111111111111 [--plan]`
 *
 * Puts the StackSet member template and its functions' code into the asset bucket of every
 * region the StackSet deploys to (Lambda reads code only from its own region), then prints the
 * MemberTemplateUrl for the organization stack. `--plan` prints where each asset would go and
 * uploads nothing: it needs no credentials. Publishing uses the CDK CLI with each region in turn
 * as the default region, which is how the CLI resolves `${AWS::Region}` in the destinations of an
 * environment-agnostic stack; the plan resolves them the same way.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { App } from "aws-cdk-lib";
import { AssetManifestArtifact, type CloudFormationStackArtifact } from "aws-cdk-lib/cx-api";
import { buildApp, InvalidRegionError, parseRegions } from "../infra/app";
import { formatPlan, publishingPlan } from "../infra/asset-publishing";

const STACK = "KeysentryStackSetMember";
const USAGE =
  "usage: npm run publish-assets -- --regions us-east-1,eu-west-1 --assets-account 111111111111 [--prefix keysentry] [--out cdk.out] [--plan]";

const { values } = parseArgs({
  options: {
    regions: { type: "string" },
    "assets-account": { type: "string" },
    prefix: { type: "string" },
    out: { type: "string", default: "cdk.out" },
    plan: { type: "boolean", default: false },
  },
});
const assetsAccount = values["assets-account"] ?? "";
let regions: string[] = [];
try {
  regions = parseRegions(values.regions ?? "");
} catch (error) {
  if (!(error instanceof InvalidRegionError)) throw error;
  console.error(error.message);
}
if (regions.length === 0 || !/^\d{12}$/.test(assetsAccount)) {
  console.error(USAGE);
  process.exit(2);
}
const outdir = resolve(values.out);

// The same app `cdk deploy` runs, with the settings in KEYSENTRY_SETTINGS: the template's hash,
// and so MemberTemplateUrl, depends on them.
const assembly = buildApp(
  new App({
    outdir,
    context: {
      assetsAccount,
      regions: regions.join(","),
      ...(values.prefix ? { prefix: values.prefix } : {}),
    },
  }),
).synth();
const stack: CloudFormationStackArtifact = assembly.getStackByName(STACK);
const manifest = stack.dependencies.find((a) => a instanceof AssetManifestArtifact) as AssetManifestArtifact;
const uploads = publishingPlan(manifest.contents, regions);

console.log(
  `${STACK}: ${uploads.length / regions.length} assets to ${regions.length} regions, from ${values.out}${values.plan ? " (plan: nothing is uploaded)" : ""}`,
);
console.log(formatPlan(uploads, stack.templateFile));
if (values.plan) process.exit(0);

const cdk = join(dirname(createRequire(import.meta.url).resolve("aws-cdk/package.json")), "bin", "cdk");
for (const region of regions) {
  console.log(`\n${region}: publishing`);
  const result = spawnSync(
    process.execPath,
    [
      cdk,
      "publish-assets",
      STACK,
      "--app",
      outdir,
      "--exclusively",
      "--unstable=publish-assets",
      "--no-notices",
    ],
    { stdio: "inherit", env: { ...process.env, AWS_REGION: region, AWS_DEFAULT_REGION: region } },
  );
  if (result.status !== 0) {
    console.error(`${region}: publishing failed; regions before it are done, the rest are not`);
    process.exit(result.status ?? 1);
  }
}
