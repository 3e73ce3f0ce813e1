import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { MemberStack } from "./member/member-stack";
import { deploymentSettings } from "./settings";

/** The CDK app: `npm run synth` offline, `npm run deploy` with credentials. */
export function buildApp(app = new App()): App {
  const settingsPath = app.node.tryGetContext("settings") as string | undefined;
  const { settings, document } = deploymentSettings(settingsPath);
  new MemberStack(app, "KeysentryMember", {
    settings,
    settingsDocument: document,
    prefix: (app.node.tryGetContext("prefix") as string | undefined) ?? "keysentry",
    description: "keysentry: continuous compliance for KMS keys and ACM certificates in this account",
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().synth();
