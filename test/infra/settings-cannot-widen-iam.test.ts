import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app";
import { FORBIDDEN_ACTIONS, REMEDIATION_ACTIONS } from "../../infra/member/permissions";
import { NO_BUNDLING } from "./support/synthesized";

function actions(template: Template, id: RegExp): string[] {
  return Object.entries(template.findResources("AWS::IAM::Policy"))
    .filter(([logicalId]) => id.test(logicalId))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties
          .PolicyDocument.Statement,
    )
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

describe("settings cannot widen IAM", () => {
  it("every rule that can remediate set to remediate and every channel on: the same key writes, none of the forbidden actions", {
    timeout: 120_000,
  }, () => {
    const app = buildApp(
      new App({
        outdir: mkdtempSync(join(tmpdir(), "keysentry-cdk-")),
        context: { settings: "test/cli/fixtures/everything-settings.json", ...NO_BUNDLING },
      }),
    );
    app.synth();
    const template = Template.fromStack(app.node.findChild("KeysentryMember") as never);
    expect(actions(template, /^RemediationRole/).sort()).toEqual(REMEDIATION_ACTIONS);
    const all = actions(template, /.*/);
    for (const forbidden of FORBIDDEN_ACTIONS) expect(all).not.toContain(forbidden);
    const keyWrites = all.filter((a) =>
      /^kms:(Enable|Cancel|Disable|Put|Schedule|Create|Delete|Update|Tag|Untag|Import|Replicate|Rotate)/.test(
        a,
      ),
    );
    expect([...new Set(keyWrites)].sort()).toEqual([
      "kms:CancelKeyDeletion",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
    ]);
    expect(actions(template, /^(kmsevents|acmevents|configrule|sweep)/i)).toContain(
      "secretsmanager:GetSecretValue",
    );
  });
});
