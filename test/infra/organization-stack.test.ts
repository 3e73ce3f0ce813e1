import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app";

let organization: Template;
let stackSetMember: Template;
let synthError: unknown;

beforeAll(() => {
  const app = buildApp(
    new App({
      outdir: mkdtempSync(join(tmpdir(), "keysentry-cdk-")),
      context: {
        settings: "examples/settings.json",
        assetsAccount: "123456789012",
        configAggregator: "true",
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
      ],
    });
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
    organization.hasResourceProperties("AWS::S3::BucketPolicy", {
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
      Code: { S3Bucket: { "Fn::Sub": "keysentry-assets-123456789012-${AWS::Region}" } },
      Environment: {
        Variables: Match.objectLike({ KEYSENTRY_CENTRAL_TOPIC_ARN: { Ref: "CentralTopicArn" } }),
      },
    });
  });
});
