import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { buildApp } from "../../infra/app";
import { parseSettings } from "../../shared/settings";
import { NO_BUNDLING } from "./support/synthesized";

const SECURITY_ACCOUNT = "999988887777";
const dir = mkdtempSync(join(tmpdir(), "keysentry-audit-role-"));
const settingsFile = join(dir, "settings.json");
writeFileSync(
  settingsFile,
  JSON.stringify({
    rules: { "kms-grant-principals": { mode: "off" } },
    auditRole: { trustedAccount: SECURITY_ACCOUNT, externalId: "keysentry-audit-42", region: "eu-west-1" },
  }),
);

let synthError: unknown;
const templates: Record<string, Template> = {};

function synth(settings: string, assetsAccount?: string): App {
  return buildApp(
    new App({
      outdir: mkdtempSync(join(tmpdir(), "keysentry-cdk-")),
      context: { settings, ...NO_BUNDLING, ...(assetsAccount ? { assetsAccount } : {}) },
    }),
  );
}

beforeAll(() => {
  const app = synth(settingsFile, "111111111111");
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  for (const stack of ["KeysentryMember", "KeysentryStackSetMember"])
    templates[stack] = Template.fromStack(app.node.findChild(stack) as never);
}, 120_000);

type Role = {
  Condition?: string;
  Properties: {
    RoleName: string;
    AssumeRolePolicyDocument: { Statement: { Principal: unknown; Condition?: unknown; Action: string }[] };
    Policies: {
      PolicyName: string;
      PolicyDocument: { Statement: { Action: string[]; Resource: string }[] };
    }[];
  };
};

const auditRole = (template: Template) =>
  Object.values(
    template.findResources("AWS::IAM::Role", { Properties: { RoleName: "keysentry-audit" } }),
  ) as Role[];

/** What `keysentry permissions --organization` prints for the same settings file. */
async function printedPolicy() {
  const out: string[] = [];
  expect(
    await main(["permissions", "--organization", "--settings", settingsFile], {
      out: (t) => out.push(t),
      err: () => {},
    }),
  ).toBe(0);
  return JSON.parse(out.join("\n")) as { Statement: { Action: string[]; Resource: string }[] };
}

describe("the member stack's audit role", () => {
  it("passes cdk-nag with the role in", () => {
    expect(synthError).toBeUndefined();
  });

  it.each(["KeysentryMember", "KeysentryStackSetMember"])(
    "%s: allows exactly the reads keysentry permissions --organization prints, to the security account with its external id",
    async (stack) => {
      const [role] = auditRole(templates[stack]!);
      expect(role).toBeDefined();
      const [trust] = role!.Properties.AssumeRolePolicyDocument.Statement;
      expect(trust).toMatchObject({
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": "keysentry-audit-42" } },
      });
      expect(JSON.stringify(trust!.Principal)).toContain(`:iam::${SECURITY_ACCOUNT}:root`);
      expect(role!.Properties.Policies).toHaveLength(1);
      // The printed policy's first two statements list the organization and assume the role.
      expect(role!.Properties.Policies[0]!.PolicyDocument.Statement).toEqual(
        (await printedPolicy()).Statement.slice(2),
      );
      // A rule turned off reads nothing, in the role as in the printed policy.
      expect(JSON.stringify(role!.Properties.Policies)).not.toContain("kms:ListGrants");
    },
  );

  it("is created only by the stack in the configured region: an IAM name is the account's, not the region's", () => {
    const template = templates.KeysentryStackSetMember!;
    const [role] = auditRole(template);
    expect(template.toJSON().Conditions[role!.Condition!]).toEqual({
      "Fn::Equals": [{ Ref: "AWS::Region" }, "eu-west-1"],
    });
  });

  it("takes only a valid trusted account, role name, external id and region", () => {
    for (const auditRole of [
      { trustedAccount: "12345", region: "eu-west-1" },
      { trustedAccount: SECURITY_ACCOUNT, region: "eu-west-1", roleName: "no spaces allowed" },
      { trustedAccount: SECURITY_ACCOUNT, region: "eu-west-1", externalId: "x" },
      { trustedAccount: SECURITY_ACCOUNT },
    ])
      expect(() => parseSettings({ auditRole })).toThrow(/auditRole/);
  });
});
