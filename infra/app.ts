import { App, CliCredentialsStackSynthesizer, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { MemberStack } from "./member/member-stack";
import { OrganizationStack } from "./organization-stack";
import { deploymentSettings } from "./settings";

/**
 * The CDK app: `npm run synth` offline, `npm run deploy` with credentials.
 * Context: `settings` (a settings file), `prefix`, and for organization roll-outs
 * `assetsAccount` (the account holding the StackSet and its asset bucket).
 */
export function buildApp(app = new App()): App {
  const context = (name: string) => app.node.tryGetContext(name) as string | undefined;
  const { settings, document } = deploymentSettings(context("settings"));
  const prefix = context("prefix") ?? "keysentry";
  const member = { settings, settingsDocument: document, prefix };

  new MemberStack(app, "KeysentryMember", {
    ...member,
    description: "keysentry: continuous compliance for KMS keys and ACM certificates in this account",
  });

  const organizationId = context("organizationId") ?? settings.organizationId;
  if (organizationId) {
    new OrganizationStack(app, "KeysentryOrganization", {
      organizationId,
      prefix,
      configAggregator: context("configAggregator") === "true",
      description: "keysentry: roll-out to every account of the organization, and organization-wide alerts",
    });
  }
  const assetsAccount = context("assetsAccount");
  if (assetsAccount) {
    // The template the StackSet deploys: its function code comes from the organization's asset bucket.
    new MemberStack(app, "KeysentryStackSetMember", {
      ...member,
      centralTopicArn: "parameter",
      synthesizer: new CliCredentialsStackSynthesizer({
        fileAssetsBucketName: `${prefix}-assets-${assetsAccount}-\${AWS::Region}`,
        bucketPrefix: "member/",
      }),
      description: "keysentry member stack, deployed by the organization StackSet",
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().synth();
