/**
 * Members publish to the organization's topic across accounts: IAM allows it only when both the
 * function's identity policy and the topic's (and its key's) resource policy do. Decided by
 * @cloud-copilot/iam-simulate, which follows the IAM User Guide's cross-account evaluation logic
 * and KMS's key policy rules, against both templates resolved for their accounts and regions.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PolicyDocument } from "../iam/support/deployed-policies";
import { decide } from "../iam/support/simulate";
import { type Template, TemplateResolver } from "./support/cloudformation";
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

interface Request {
  principal: string;
  action: string;
  resource: string;
  context: Record<string, string>;
}

function publishRequests(memberRegion: string, organizationId = ORGANIZATION): Request[] {
  const { topicArn, keyArn } = centralTopic();
  const principal = `arn:aws:sts::${MEMBER_ACCOUNT}:assumed-role/keysentry-kms-events-role-${memberRegion}/keysentry-kms-events`;
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

/** IAM's decision on a member's request, with its identity policy and the central topic's or key's policy. */
async function decision(request: Request, identity: PolicyDocument) {
  const { topicPolicy, keyPolicy } = centralTopic();
  const resourcePolicy = request.action.startsWith("sns:") ? topicPolicy : keyPolicy;
  return decide(
    { ...request, resourceAccount: MANAGEMENT.account },
    [{ name: "function", policy: identity }],
    resourcePolicy,
  );
}

describe("central alert topic", () => {
  it("is the topic members are told to publish to", () => {
    expect(centralTopic().topicArn).toBe(CENTRAL_TOPIC);
  });

  it("refuses principals outside the organization", async () => {
    const identity = functionPolicies("KeysentryMember", "eu-west-1").get("keysentry-kms-events")!;
    for (const request of publishRequests("eu-west-1", "o-zzzzzzzzzz"))
      expect((await decision(request, identity)).allowed, request.action).toBe(false);
  });
});

describe.each(["KeysentryStackSetMember", "KeysentryMember"])("%s functions", (stack) => {
  it.each(MEMBER_REGIONS)(
    "in %s may publish to the central topic in us-east-1, through its key",
    async (region) => {
      const policies = functionPolicies(stack, region);
      expect([...policies.keys()].sort()).toEqual([
        "keysentry-acm-events",
        "keysentry-config-rule",
        "keysentry-kms-events",
        "keysentry-sweep",
      ]);
      for (const [name, policy] of policies)
        for (const request of publishRequests(region))
          expect((await decision(request, policy)).result, `${name}: ${request.action}`).toBe("Allowed");
    },
  );

  it("may not use the organization account's keys except through SNS", async () => {
    const { keyArn } = centralTopic();
    for (const [name, policy] of functionPolicies(stack, "eu-west-1")) {
      const [publish] = publishRequests("eu-west-1");
      const direct = {
        ...publish!,
        action: "kms:Decrypt",
        resource: keyArn,
        context: { ...publish!.context, "kms:ViaService": `s3.${MANAGEMENT.region}.amazonaws.com` },
      };
      expect((await decision(direct, policy)).allowed, name).toBe(false);
    }
  });
});
