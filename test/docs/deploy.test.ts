import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { withDeployTables } from "../../scripts/deploy-doc";
import { synthesizeMemberTemplate, TemplateNames } from "../../scripts/member-template";
import { rolePermissionsMarkdown } from "../../scripts/role-permissions";
import { recordedResourceTypes } from "../../scripts/stack-resources";
import { RULES } from "../../shared/rules";

const doc = readFileSync(new URL("../../docs/deploy.md", import.meta.url), "utf8");
let names: TemplateNames;

beforeAll(() => {
  names = new TemplateNames(synthesizeMemberTemplate());
}, 60_000);

describe("docs/deploy.md", () => {
  it("has its stack and role tables generated from the synthesized stack (run `npm run docs` after changing infra/)", () => {
    expect(withDeployTables(doc, names)).toBe(doc);
  });

  it("lists one Config rule per rule and asks Config to record every resource type a rule watches for changes", () => {
    for (const rule of RULES) expect(doc).toContain(`| \`keysentry-${rule.id}\` |`);
    expect(recordedResourceTypes(names)).toEqual([
      "AWS::ACM::Certificate",
      "AWS::ACMPCA::CertificateAuthority",
      "AWS::KMS::Key",
    ]);
  });

  it("names the remediation role's trusted roles and its writes", () => {
    const remediation = rolePermissionsMarkdown(names)
      .split("\n")
      .find((row) => row.startsWith("| `keysentry-remediation-<region>`"));
    expect(remediation).toContain("`role of keysentry-kms-events`<br>`role of keysentry-sweep`");
    expect(remediation).toContain("`kms:RevokeGrant`");
  });

  it("names a reference by the resource's declared name, and refuses one it cannot name", () => {
    const template = new TemplateNames({
      Topic: { Type: "AWS::SNS::Topic", Properties: { TopicName: "alerts" } },
    });
    expect(
      template.value({ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":x:", { Ref: "Topic" }]] }),
    ).toBe("arn:aws:x:alerts");
    expect(() => template.value({ "Fn::ImportValue": "x" })).toThrow(/no readable name/);
  });

  it("shows a publishing plan with one asset per function and the template", () => {
    const assets = names.ofType("AWS::Lambda::Function").length + 1;
    expect(doc).toContain(`KeysentryStackSetMember: ${assets} assets to 2 regions`);
  });
});
