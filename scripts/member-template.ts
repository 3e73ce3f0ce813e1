/** The member stack's synthesized template, for the docs, and its values as a reader would name them. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { MemberStack } from "../infra/member/member-stack";
import { parseSettings } from "../shared/settings";

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
}
export type MemberTemplate = Record<string, TemplateResource>;

/** Stands for the account `auditRole.trustedAccount` names; the docs print the setting instead. */
const SECURITY_ACCOUNT = "999988887777";

/**
 * The documented deployment: the sample settings, with the optional audit role so its permissions
 * are documented too. `auditRole` is the only setting that adds a role to the template.
 */
export function documentedSettings(): Record<string, unknown> {
  const sample = JSON.parse(readFileSync(new URL("../examples/settings.json", import.meta.url), "utf8"));
  return {
    ...sample,
    auditRole: { trustedAccount: SECURITY_ACCOUNT, externalId: "keysentry-audit", region: "us-east-1" },
  };
}

/**
 * Synthesizes the member stack alone: no cdk-nag, and CDK's empty `aws:cdk:bundling-stacks`
 * context skips esbuild, so the docs need no function code and `npm run docs` stays quick.
 */
export function synthesizeMemberTemplate(document = documentedSettings()): MemberTemplate {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), "keysentry-docs-")),
    context: { "aws:cdk:bundling-stacks": [] },
  });
  new MemberStack(app, "KeysentryMember", {
    settings: parseSettings(document),
    settingsDocument: JSON.stringify(document),
    prefix: "keysentry",
  });
  const template = app.synth().getStackByName("KeysentryMember").template as { Resources: MemberTemplate };
  return template.Resources;
}

/** The property that holds the name a resource declares, by type (CloudFormation resource reference). */
const NAME_PROPERTY: Record<string, string> = {
  "AWS::Lambda::Function": "FunctionName",
  "AWS::IAM::Role": "RoleName",
  "AWS::DynamoDB::GlobalTable": "TableName",
  "AWS::SSM::Parameter": "Name",
  "AWS::SNS::Topic": "TopicName",
  "AWS::SQS::Queue": "QueueName",
  "AWS::KMS::Alias": "AliasName",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::Events::Rule": "Name",
  "AWS::Config::ConfigRule": "ConfigRuleName",
};

const PSEUDO_PARAMETERS: Record<string, string> = {
  "AWS::Region": "<region>",
  "AWS::AccountId": "<account>",
  "AWS::Partition": "aws",
  "AWS::URLSuffix": "amazonaws.com",
};

/** Names a template's resources and values as a reader of the docs would: `keysentry-alerts`, `role of keysentry-sweep`. */
export class TemplateNames {
  constructor(readonly resources: MemberTemplate) {}

  /** The resource's declared name; an unnamed role by the function it serves; else what it is. */
  name(logicalId: string): string {
    const resource = this.resources[logicalId];
    if (!resource) throw new Error(`the template has no resource ${logicalId}`);
    const property = NAME_PROPERTY[resource.Type];
    const declared = property ? resource.Properties?.[property] : undefined;
    if (declared !== undefined) return this.value(declared);
    if (resource.Type === "AWS::IAM::Role") {
      const fn = this.ofType("AWS::Lambda::Function").find(([, f]) =>
        refersTo(f.Properties?.Role, logicalId),
      );
      if (fn) return `role of ${this.name(fn[0])}`;
    }
    if (resource.Type === "AWS::KMS::Key") {
      const alias = this.ofType("AWS::KMS::Alias").find(([, a]) =>
        refersTo(a.Properties?.TargetKeyId, logicalId),
      );
      if (alias) return `key ${this.name(alias[0])}`;
    }
    return logicalId;
  }

  /** A template value as text: references become names, pseudo parameters `<region>`, `<account>`. */
  value(value: unknown): string {
    if (typeof value === "string") return value.replaceAll(SECURITY_ACCOUNT, "<auditRole.trustedAccount>");
    if (typeof value !== "object" || value === null) return JSON.stringify(value);
    const record = value as Record<string, unknown>;
    if ("Ref" in record) return PSEUDO_PARAMETERS[record.Ref as string] ?? this.name(record.Ref as string);
    if ("Fn::GetAtt" in record) {
      const [id, attribute] = record["Fn::GetAtt"] as [string, string];
      return attribute === "Arn" ? this.name(id) : `${attribute} of ${this.name(id)}`;
    }
    if ("Fn::Join" in record) {
      const [separator, parts] = record["Fn::Join"] as [string, unknown[]];
      return parts.map((part) => this.value(part)).join(separator);
    }
    if ("Fn::Sub" in record && typeof record["Fn::Sub"] === "string")
      return record["Fn::Sub"].replace(/\$\{([^}]+)\}/g, (_, name: string) => this.value({ Ref: name }));
    if (Array.isArray(value)) return value.map((v) => this.value(v)).join(", ");
    throw new Error(`no readable name for ${JSON.stringify(value)}`);
  }

  ofType(type: string): [string, TemplateResource][] {
    return Object.entries(this.resources).filter(([, r]) => r.Type === type);
  }
}

/** Whether a value is a Ref or GetAtt of the resource. */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record.Ref === logicalId || (Array.isArray(record["Fn::GetAtt"]) && record["Fn::GetAtt"][0] === logicalId)
  );
}
