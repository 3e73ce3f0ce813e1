import { beforeAll, describe, expect, it } from "vitest";
import { type Template, TemplateResolver } from "./support/cloudformation";
import { allows, type Request, type Statement } from "./support/iam-policy";
import { synthesize } from "./support/synthesized";

// The organization stack in us-east-1 of the management account; members anywhere.
const ORGANIZATION = "o-a1b2c3d4e5";
const MANAGEMENT = { account: "999988887777", region: "us-east-1" };
const MEMBER_ACCOUNT = "222233334444";
const CENTRAL_TOPIC = `arn:aws:sns:us-east-1:${MANAGEMENT.account}:keysentry-central-alerts`;
const MEMBER_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

let read: (stack: string) => Template;

beforeAll(() => {
  read = synthesize({ centralTopicArn: CENTRAL_TOPIC });
}, 120_000);

type PolicyDocument = { Statement: Statement[] };

/** The central topic's ARN, its key's ARN, and the topic and key policies, as deployed. */
function centralTopic() {
  const template = read("KeysentryOrganization");
  const resolver = new TemplateResolver(template, MANAGEMENT);
  const [keyId] = Object.entries(template.Resources).find(([, r]) => r.Type === "AWS::KMS::Key") ?? [];
  const [topicId] = Object.entries(template.Resources).find(([, r]) => r.Type === "AWS::SNS::Topic") ?? [];
  const topicPolicy = Object.values(template.Resources).find((r) => r.Type === "AWS::SNS::TopicPolicy");
  const key = template.Resources[keyId!];
  return {
    topicArn: resolver.ref(topicId!),
    keyArn: resolver.arn(keyId!),
    topicPolicy: resolver.value(topicPolicy?.Properties?.PolicyDocument) as PolicyDocument,
    keyPolicy: resolver.value(key?.Properties?.KeyPolicy) as PolicyDocument,
  };
}

/** Each function's identity policy in a member stack instance, by function name. */
function functionPolicies(stack: string, region: string): Map<string, PolicyDocument> {
  const template = read(stack);
  const resolver = new TemplateResolver(template, {
    account: MEMBER_ACCOUNT,
    region,
    parameters: { CentralTopicArn: CENTRAL_TOPIC },
  });
  const policies = new Map<string, PolicyDocument>();
  for (const fn of Object.values(template.Resources).filter((r) => r.Type === "AWS::Lambda::Function")) {
    const roleRef = (fn.Properties?.Role as { "Fn::GetAtt": [string, string] } | undefined)?.[
      "Fn::GetAtt"
    ][0];
    const statements = Object.values(template.Resources)
      .filter(
        (r) =>
          r.Type === "AWS::IAM::Policy" &&
          ((r.Properties?.Roles ?? []) as { Ref: string }[]).some((role) => role.Ref === roleRef),
      )
      .flatMap((r) => (resolver.value(r.Properties?.PolicyDocument) as PolicyDocument).Statement);
    policies.set(resolver.string(fn.Properties?.FunctionName), { Statement: statements });
  }
  return policies;
}

function publishRequests(memberRegion: string, organizationId = ORGANIZATION): Request[] {
  const { topicArn, keyArn } = centralTopic();
  const principal = `arn:aws:iam::${MEMBER_ACCOUNT}:role/keysentry-kms-events-role-${memberRegion}`;
  // The caller's context: SNS calls KMS in the topic's region on the publisher's behalf.
  const context = {
    "aws:PrincipalOrgID": organizationId,
    "aws:PrincipalAccount": MEMBER_ACCOUNT,
    "aws:SecureTransport": "true",
    "aws:RequestedRegion": MANAGEMENT.region,
    "kms:CallerAccount": MEMBER_ACCOUNT,
    "kms:ViaService": `sns.${MANAGEMENT.region}.amazonaws.com`,
  };
  return [
    { principal, action: "sns:Publish", resource: topicArn, context },
    { principal, action: "kms:GenerateDataKey", resource: keyArn, context },
    { principal, action: "kms:Decrypt", resource: keyArn, context },
  ];
}

describe("central alert topic", () => {
  it("is the topic members are told to publish to", () => {
    expect(centralTopic().topicArn).toBe(CENTRAL_TOPIC);
  });

  it.each(MEMBER_REGIONS)(
    "lets organization members in %s publish through the topic and its key",
    (region) => {
      const { topicPolicy, keyPolicy } = centralTopic();
      for (const request of publishRequests(region)) {
        const policy = request.action.startsWith("sns:") ? topicPolicy : keyPolicy;
        expect(allows(policy.Statement, request), `${request.action} from ${region}`).toBe(true);
      }
    },
  );

  it("refuses principals outside the organization", () => {
    const { topicPolicy, keyPolicy } = centralTopic();
    for (const request of publishRequests("eu-west-1", "o-zzzzzzzzzz")) {
      const policy = request.action.startsWith("sns:") ? topicPolicy : keyPolicy;
      expect(allows(policy.Statement, request), request.action).toBe(false);
    }
  });
});

describe.each(["KeysentryStackSetMember", "KeysentryMember"])("%s functions", (stack) => {
  it.each(MEMBER_REGIONS)("in %s may publish to the central topic in us-east-1", (region) => {
    const policies = functionPolicies(stack, region);
    expect([...policies.keys()].sort()).toEqual([
      "keysentry-acm-events",
      "keysentry-config-rule",
      "keysentry-kms-events",
      "keysentry-sweep",
    ]);
    for (const [name, policy] of policies)
      for (const request of publishRequests(region))
        expect(allows(policy.Statement, request), `${name}: ${request.action}`).toBe(true);
  });

  it("may not use the organization account's keys except through SNS", () => {
    const { keyArn } = centralTopic();
    for (const [name, policy] of functionPolicies(stack, "eu-west-1")) {
      const direct = {
        action: "kms:Decrypt",
        resource: keyArn,
        context: { "kms:ViaService": `s3.${MANAGEMENT.region}.amazonaws.com` },
      };
      expect(allows(policy.Statement, direct), name).toBe(false);
    }
  });
});
