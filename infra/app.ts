import { App, CliCredentialsStackSynthesizer, Validations } from "aws-cdk-lib";
import { EnvironmentPlaceholders } from "aws-cdk-lib/cx-api";
import { AwsSolutionsChecks } from "cdk-nag";
import { AssetBucketStack } from "./asset-bucket-stack";
import { assetBucketName, checkPrefix } from "./global-names";
import { MemberStack } from "./member/member-stack";
import { OrganizationStack } from "./organization-stack";
import { deploymentSettings } from "./settings";

/** The folder of the asset buckets that holds the StackSet member's code and template. */
export const MEMBER_ASSET_PREFIX = "member/";

export class InvalidRegionError extends Error {
  constructor(readonly region: string) {
    super(`"${region}" is not an AWS region code (like eu-west-1)`);
    this.name = "InvalidRegionError";
  }
}

/** A comma-separated list of region codes, each checked: they become stack ids and bucket names. */
export function parseRegions(list: string): string[] {
  const regions = list
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  for (const region of regions)
    if (!/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(region)) throw new InvalidRegionError(region);
  return [...new Set(regions)];
}

/**
 * The CDK app: `npm run synth` offline, `npm run deploy` with credentials.
 * Context: `settings` (a settings file), `prefix`, `centralTopicArn` (an organization topic a
 * directly deployed member also publishes to), and for organization roll-outs `assetsAccount`
 * (the account holding the StackSet and its asset buckets) and `regions` (where the StackSet
 * deploys: one asset bucket stack each).
 */
export function buildApp(app = new App()): App {
  const context = (name: string) => app.node.tryGetContext(name) as string | undefined;
  const { settings, document } = deploymentSettings(context("settings"));
  const prefix = context("prefix") ?? "keysentry";
  checkPrefix(prefix);
  const member = { settings, settingsDocument: document, prefix };
  const regions = parseRegions(context("regions") ?? "");

  new MemberStack(app, "KeysentryMember", {
    ...member,
    centralTopicArn: context("centralTopicArn"),
    description: "keysentry: continuous compliance for KMS keys and ACM certificates in this account",
  });

  const organizationId = context("organizationId") ?? settings.organizationId;
  if (organizationId) {
    new OrganizationStack(app, "KeysentryOrganization", {
      organizationId,
      prefix,
      regions,
      configAggregator: context("configAggregator") === "true",
      configRules: settings.deployment.configRules,
      description: "keysentry: roll-out to every account of the organization, and organization-wide alerts",
    });
  }
  const assetsAccount = context("assetsAccount");
  if (assetsAccount) {
    // The template the StackSet deploys: its function code comes from the asset bucket of the
    // region each stack instance is in.
    new MemberStack(app, "KeysentryStackSetMember", {
      ...member,
      centralTopicArn: "parameter",
      configRulesParameter: true,
      synthesizer: new CliCredentialsStackSynthesizer({
        fileAssetsBucketName: assetBucketName(prefix, assetsAccount, EnvironmentPlaceholders.CURRENT_REGION),
        bucketPrefix: MEMBER_ASSET_PREFIX,
      }),
      description: "keysentry member stack, deployed by the organization StackSet",
    });
    if (organizationId) {
      for (const region of regions) {
        new AssetBucketStack(app, `KeysentryAssets-${region}`, {
          env: { account: assetsAccount, region },
          organizationId,
          prefix,
          description: `keysentry: the bucket member accounts in ${region} read keysentry's function code from`,
        });
      }
    }
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().synth();
