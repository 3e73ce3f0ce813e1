import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { type Alert, alertSubject, alertText, type Notifier } from "../actions";
import { timeouts } from "../aws/clients";
import { arnLocation } from "../model";
import { type Digest, type DigestSender, digestLines } from "../sweep";
import type { ChannelContext, StackChannelConfig } from "./context";

/** SNS subjects: ASCII, no line breaks, at most 100 characters (SNS API reference, Publish). */
function snsSubject(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
}

/**
 * One message per decision. Message attributes carry rule, severity, status, account and region
 * so subscriptions can filter; the body is JSON with the Finding, the trigger and the actions.
 */
export class SnsNotifier implements Notifier, DigestSender {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    readonly name = "sns",
  ) {}

  async send(alert: Alert): Promise<void> {
    const { finding } = alert;
    const attribute = (value: string) => ({ DataType: "String", StringValue: value });
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: snsSubject(alertSubject(alert)),
        Message: JSON.stringify({
          summary: alertText(alert),
          transition: alert.transition,
          finding,
          cause: alert.cause,
          actions: alert.actions,
          policyChange: alert.policyChange,
        }),
        MessageAttributes: {
          ruleId: attribute(finding.ruleId),
          severity: attribute(finding.severity),
          status: attribute(alert.transition === "resolved" ? "RESOLVED" : finding.status),
          account: attribute(finding.account),
          region: attribute(finding.region),
        },
      }),
    );
  }

  async sendDigest(digest: Digest): Promise<void> {
    const troubled = Object.values(digest.nonCompliant).reduce(
      (sum, bySeverity) => sum + Object.values(bySeverity).reduce((a, b) => a + (b ?? 0), 0),
      0,
    );
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: snsSubject(
          `[keysentry] sweep ${digest.account} ${digest.region}: ${troubled} non-compliant, ${digest.unreadable.length} unreadable`,
        ),
        Message: JSON.stringify({ summary: digestLines(digest), digest }),
        MessageAttributes: {
          kind: { DataType: "String", StringValue: "digest" },
          account: { DataType: "String", StringValue: digest.account },
          region: { DataType: "String", StringValue: digest.region },
        },
      }),
    );
  }
}

export function create({ arn, name }: StackChannelConfig, context: ChannelContext): SnsNotifier {
  // SNS takes a Publish only in the topic's own region: a central topic may live in another one.
  const region = arnLocation(arn).region || context.region;
  return new SnsNotifier(new SNSClient({ region, requestHandler: timeouts() }), arn, name);
}
