/** `npm run synth`: the CloudFormation templates, offline, without AWS credentials. */
import { readFileSync } from "node:fs";
import { App } from "aws-cdk-lib";
import { buildApp } from "./app";

// Offline preview: the example settings (and their organization) unless a settings file is given,
// and an example organization roll-out (an assets account, two regions) so that cdk-nag checks
// the StackSet member template and the asset bucket stacks too.
const app = buildApp(
  new App({
    outdir: "cdk.out",
    context: {
      settings: process.env.KEYSENTRY_SETTINGS ?? "examples/settings.json",
      assetsAccount: "111111111111",
      regions: "us-east-1,eu-west-1",
    },
  }),
);
const assembly = app.synth();
for (const stack of assembly.stacks) {
  const template = JSON.parse(readFileSync(stack.templateFullPath, "utf8")) as {
    Resources: Record<string, { Type: string }>;
  };
  const counts = new Map<string, number>();
  for (const resource of Object.values(template.Resources))
    counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
  console.log(
    `${stack.stackName}: ${Object.keys(template.Resources).length} resources → ${stack.templateFullPath}`,
  );
  for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`  ${String(count).padStart(3)}  ${type}`);
}
console.log("cdk-nag AwsSolutions: no unacknowledged findings");
