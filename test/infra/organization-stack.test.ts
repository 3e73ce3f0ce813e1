import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app";
import { type Template as CloudFormationTemplate, TemplateResolver } from "./support/cloudformation";
import { NO_BUNDLING } from "./support/synthesized";

let organization: Template;
let stackSetMember: Template;
let assetBuckets: Map<string, Template>;
const REGIONS = ["us-east-1", "eu-west-1"];
let synthError: unknown;

beforeAll(() => {
  const app = buildApp(
    new App({
      outdir: mkdtempSync(join(tmpdir(), "keysentry-cdk-")),
      context: {
        settings: "examples/settings.json",
        assetsAccount: "123456789012",
        regions: REGIONS.join(","),
        configAggregator: "true",
        ...NO_BUNDLING,
      },
    }),
  );
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  organization = Template.fromStack(app.node.findChild("KeysentryOrganization") as never);
  stackSetMember = Template.fromStack(app.node.findChild("KeysentryStackSetMember") as never);
  assetBuckets = new Map(
    REGIONS.map((region) => [
      region,
      Template.fromStack(app.node.findChild(`KeysentryAssets-${region}`) as never),
    ]),
  );
}, 120_000);

const inOrganization = { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } };

describe("organization stack", () => {
  it("passes cdk-nag's AwsSolutions checks, with the StackSet member template", () => {
    expect(synthError).toBeUndefined();
  });

  it("deploys the member stack to chosen units and regions, and to accounts that join later", () => {
    organization.hasResourceProperties("AWS::CloudFormation::StackSet", {
      PermissionModel: "SERVICE_MANAGED",
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ["CAPABILITY_NAMED_IAM"],
      TemplateURL: { Ref: "MemberTemplateUrl" },
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: { Ref: "OrganizationalUnitIds" } },
          Regions: { Ref: "Regions" },
        },
      ],
      Parameters: [
        {
          ParameterKey: "CentralTopicArn",
          ParameterValue: { Ref: Match.stringLikeRegexp("^CentralAlerts") },
        },
        { ParameterKey: "ConfigRules", ParameterValue: { Ref: "ConfigRules" } },
      ],
    });
  });

  it("deploys from the management account or from a delegated administrator, as the CallAs parameter says", () => {
    organization.hasParameter("CallAs", { AllowedValues: ["SELF", "DELEGATED_ADMIN"], Default: "SELF" });
    organization.hasResourceProperties("AWS::CloudFormation::StackSet", { CallAs: { Ref: "CallAs" } });
  });

  it("deploys by default to the regions whose asset buckets the app defines", () => {
    organization.hasParameter("Regions", { Type: "CommaDelimitedList", Default: REGIONS.join(",") });
  });

  it("lets only the organization publish to the central topic and read the function code", () => {
    organization.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "MemberAccountsPublish",
            Action: "sns:Publish",
            Condition: inOrganization,
          }),
        ]),
      },
    });
    for (const [region, assets] of assetBuckets) {
      assets.hasResourceProperties("AWS::S3::Bucket", {
        BucketName: `keysentry-assets-123456789012-${region}`,
        VersioningConfiguration: { Status: "Enabled" },
      });
      assets.hasResourceProperties("AWS::S3::BucketPolicy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: "MemberAccountsReadFunctionCode",
              Action: ["s3:GetObject", "s3:GetObjectVersion"],
              Condition: inOrganization,
            }),
          ]),
        },
      });
    }
    organization.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    organization.hasResourceProperties("AWS::Config::ConfigurationAggregator", {
      OrganizationAggregationSource: Match.objectLike({ AllAwsRegions: true }),
    });
  });
});

describe("StackSet member template", () => {
  it("takes its code from the organization's asset bucket and its central topic from a parameter", () => {
    stackSetMember.hasParameter("CentralTopicArn", { Type: "String", Default: "" });
    stackSetMember.hasResourceProperties("AWS::Lambda::Function", {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub, not a template literal
      Code: { S3Bucket: { "Fn::Sub": "keysentry-assets-123456789012-${AWS::Region}" } },
      Environment: {
        Variables: Match.objectLike({
          KEYSENTRY_CENTRAL_TOPIC_ARN: {
            "Fn::If": ["HasCentralTopic", { Ref: "CentralTopicArn" }, { Ref: "AWS::NoValue" }],
          },
        }),
      },
    });
  });

  it("reads its code, in each region, from the bucket that region's asset stack creates", () => {
    const template = stackSetMember.toJSON() as CloudFormationTemplate;
    const functions = Object.values(template.Resources).filter((r) => r.Type === "AWS::Lambda::Function");
    expect(functions).toHaveLength(4);
    for (const [region, assets] of assetBuckets) {
      const resolver = new TemplateResolver(template, { account: "222233334444", region });
      const [bucket] = Object.values(
        assets.findResources("AWS::S3::Bucket", {
          Properties: { VersioningConfiguration: Match.anyValue() },
        }),
      );
      for (const fn of functions) {
        const code = fn.Properties?.Code as { S3Bucket: unknown };
        expect(resolver.string(code.S3Bucket)).toBe(bucket?.Properties.BucketName);
      }
    }
  });
});
