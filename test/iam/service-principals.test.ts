/**
 * The AWS services the stack relies on may do what it asks of them: EventBridge invokes the
 * functions its rules target, AWS Config invokes the Config rule function, CloudWatch publishes
 * alarms to the encrypted alerts topic. Decided by @cloud-copilot/iam-simulate against the
 * functions' resource policies (their AWS::Lambda::Permission resources), the topic policy and the
 * key policy of the synthesized stack, resolved for one account and region.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../infra/support/synthesized";
import { DeployedPolicies } from "./support/deployed-policies";
import { decide } from "./support/simulate";

const PLACE = { account: "111122223333", region: "eu-west-1" };
let deployed: DeployedPolicies;

beforeAll(() => {
  deployed = new DeployedPolicies(
    synthesize({ settings: "test/iam/settings.json" })("KeysentryMember"),
    PLACE,
  );
}, 120_000);

/** A service acting for this account: the confused-deputy keys it sends (IAM User Guide, "The confused deputy problem"). */
const fromService = (principal: string, sourceArn?: string) => ({
  principal,
  resourceAccount: PLACE.account,
  context: { "aws:SourceAccount": PLACE.account, ...(sourceArn ? { "aws:SourceArn": sourceArn } : {}) },
});

describe("AWS services acting for the stack", () => {
  it("EventBridge may invoke every function each rule targets, from that rule only", async () => {
    const rules = deployed.eventRules().filter((r) => r.targets.length > 0);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules)
      for (const target of rule.targets) {
        const policy = deployed.functionPolicy(target);
        const invoke = {
          ...fromService("events.amazonaws.com", rule.arn),
          action: "lambda:InvokeFunction",
          resource: target,
        };
        expect((await decide(invoke, [], policy)).result, `${rule.arn} → ${target}`).toBe("Allowed");
        const elsewhere = { ...invoke, context: { ...invoke.context, "aws:SourceArn": `${rule.arn}-other` } };
        expect((await decide(elsewhere, [], policy)).allowed, `another rule → ${target}`).toBe(false);
      }
  });

  it("AWS Config may invoke the Config rule function, for this account only", async () => {
    const configRule = deployed.functions().find((f) => f.name.endsWith("-config-rule"))!;
    const policy = deployed.functionPolicy(configRule.arn);
    const invoke = {
      ...fromService("config.amazonaws.com"),
      action: "lambda:InvokeFunction",
      resource: configRule.arn,
    };
    expect((await decide(invoke, [], policy)).result).toBe("Allowed");
    const otherAccount = { ...invoke, context: { "aws:SourceAccount": "999999999999" } };
    expect((await decide(otherAccount, [], policy)).allowed).toBe(false);
  });

  it("CloudWatch may publish each alarm to the encrypted topics it notifies, and use their key", async () => {
    const alarms = deployed.alarms().filter((a) => a.topics.length > 0);
    expect(alarms.length).toBeGreaterThan(0);
    const refused: string[] = [];
    for (const alarm of alarms)
      for (const topic of alarm.topics) {
        const publish = {
          ...fromService("cloudwatch.amazonaws.com", alarm.arn),
          action: "sns:Publish",
          resource: topic,
        };
        const decision = await decide(publish, [], deployed.topicPolicy(topic));
        if (!decision.allowed) refused.push(`${alarm.arn}: sns:Publish ${topic} (${decision.result})`);
        const key = deployed.topicKey(topic);
        for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
          if (!key) continue;
          const use = { ...fromService("cloudwatch.amazonaws.com", alarm.arn), action, resource: key.arn };
          const keyDecision = await decide(use, [], key.policy);
          if (!keyDecision.allowed)
            refused.push(`${alarm.arn}: ${action} ${key.arn} (${keyDecision.result})`);
        }
      }
    expect(refused).toEqual([]);
  });

  it("CloudWatch may not publish another account's alarms to the alerts topic", async () => {
    const [alarm] = deployed.alarms().filter((a) => a.topics.length > 0);
    const topic = alarm!.topics[0]!;
    const foreignAlarm = alarm!.arn.replace(`:${PLACE.account}:`, ":999988887777:");
    const publish = {
      principal: "cloudwatch.amazonaws.com",
      resourceAccount: PLACE.account,
      context: { "aws:SourceAccount": "999988887777", "aws:SourceArn": foreignAlarm },
      action: "sns:Publish",
      resource: topic,
    };
    expect((await decide(publish, [], deployed.topicPolicy(topic))).allowed).toBe(false);
  });
});
