import { beforeAll, describe, expect, it } from "vitest";
import { type Resource, type Template, TemplateResolver } from "./support/cloudformation";
import { allows, denies, type Statement } from "./support/iam-policy";
import { synthesize } from "./support/synthesized";

const INSTANCE = { account: "222233334444", region: "eu-west-1" };
let template: Template;
let resolver: TemplateResolver;

beforeAll(() => {
  template = synthesize({})("KeysentryMember");
  resolver = new TemplateResolver(template, INSTANCE);
}, 120_000);

type PolicyDocument = { Statement: Statement[] };
const ofType = (type: string): [string, Resource][] =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const only = (type: string): [string, Resource] => {
  const [first, ...others] = ofType(type);
  expect(others).toEqual([]);
  return first!;
};

/** What CloudWatch sends when an alarm of `account` publishes (SNS Developer Guide, access control examples). */
function alarmPublish(topicArn: string, account = INSTANCE.account) {
  const alarm = `arn:aws:cloudwatch:${INSTANCE.region}:${account}:alarm:KeysentryMember-sweepErrors-1A2B3C`;
  return {
    service: "cloudwatch.amazonaws.com",
    action: "sns:Publish",
    resource: topicArn,
    context: { "aws:SourceAccount": account, "aws:SourceArn": alarm, "aws:SecureTransport": "true" },
  };
}

describe("the alert topic", () => {
  it("takes every alarm's notification: the topic policy lets this account's alarms publish, the key lets them encrypt", () => {
    const [topicId] = only("AWS::SNS::Topic");
    const topicArn = resolver.ref(topicId);
    const [, topicPolicy] = only("AWS::SNS::TopicPolicy");
    const [, key] = only("AWS::KMS::Key");
    const policy = resolver.value(topicPolicy.Properties?.PolicyDocument) as PolicyDocument;
    const keyPolicy = resolver.value(key.Properties?.KeyPolicy) as PolicyDocument;
    const alarms = ofType("AWS::CloudWatch::Alarm");
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms) {
      const actions = resolver.value(alarm.Properties?.AlarmActions) as string[];
      expect(actions, id).toEqual([topicArn]);
      expect(allows(policy.Statement, alarmPublish(topicArn)), id).toBe(true);
    }
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
      const request = { ...alarmPublish(topicArn), action, resource: resolver.arn(only("AWS::KMS::Key")[0]) };
      expect(allows(keyPolicy.Statement, request), action).toBe(true);
    }
  });

  it("refuses other accounts' alarms", () => {
    const [topicId] = only("AWS::SNS::Topic");
    const [, topicPolicy] = only("AWS::SNS::TopicPolicy");
    const policy = resolver.value(topicPolicy.Properties?.PolicyDocument) as PolicyDocument;
    expect(allows(policy.Statement, alarmPublish(resolver.ref(topicId), "999988887777"))).toBe(false);
  });

  it("takes the functions' alerts: their roles allow it, and the topic policy denies nothing over TLS", () => {
    const [topicId] = only("AWS::SNS::Topic");
    const topicArn = resolver.ref(topicId);
    const [, topicPolicy] = only("AWS::SNS::TopicPolicy");
    const policy = resolver.value(topicPolicy.Properties?.PolicyDocument) as PolicyDocument;
    const functions = ofType("AWS::Lambda::Function");
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) {
      const role = (fn.Properties?.Role as { "Fn::GetAtt": [string, string] } | undefined)?.["Fn::GetAtt"][0];
      const statements = ofType("AWS::IAM::Policy")
        .filter(([, p]) => ((p.Properties?.Roles ?? []) as { Ref: string }[]).some((r) => r.Ref === role))
        .flatMap(([, p]) => (resolver.value(p.Properties?.PolicyDocument) as PolicyDocument).Statement);
      const request = {
        principal: resolver.arn(role!),
        action: "sns:Publish",
        resource: topicArn,
        context: { "aws:SecureTransport": "true", "aws:PrincipalAccount": INSTANCE.account },
      };
      // Within one account, an allow in the identity or the resource policy suffices, unless one
      // denies (IAM User Guide, "Policy evaluation logic").
      expect(allows(statements, request), id).toBe(true);
      expect(denies(policy.Statement, request), id).toBe(false);
    }
  });
});
