import { afterEach, describe, expect, it } from "vitest";
import { SlackDeliveryError, SlackNotifier, slackMessage } from "../../../shared/channels";
import { alert } from "../../support/alerts";
import { type Receiver, startReceiver } from "../../support/http-receiver";

let slack: Receiver | undefined;
afterEach(() => slack?.close());

function notifier(url: string, waits: number[]) {
  return new SlackNotifier({
    webhookUrl: async () => `${url}/services/T000/B000/secret-token`,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe("SlackNotifier", () => {
  it("posts a Block Kit message with severity, resource link, who and what changed", async () => {
    slack = await startReceiver(() => ({ status: 200, body: "ok" }));
    await notifier(slack.url, []).send(alert);
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.path).toBe("/services/T000/B000/secret-token");
    const message = JSON.parse(slack.received[0]!.body);
    const text = JSON.stringify(message.blocks);
    expect(message.text).toMatch(
      /^\[keysentry CRITICAL\] kms-policy-no-public-access on alias\/shared-uploads/,
    );
    expect(text).toContain("🔴 CRITICAL");
    expect(text).toContain(
      "<https://eu-west-1.console.aws.amazon.com/kms/home?region=eu-west-1#/kms/keys/61d470b8-92a3-44b5-90f1-7c8d9e0f1a07|alias/shared-uploads",
    );
    expect(text).toContain("PutKeyPolicy by role Admin assumed by bob@example.com");
    expect(text).toContain("*new access: public*");
  });

  it("retries 429 honouring Retry-After, then 5xx with backoff", async () => {
    slack = await startReceiver(
      (_request, i) =>
        [{ status: 429, headers: { "retry-after": "3" } }, { status: 503 }, { status: 200 }][i]!,
    );
    const waits: number[] = [];
    await notifier(slack.url, waits).send(alert);
    expect(slack.received).toHaveLength(3);
    expect(waits).toEqual([3000, 1000]);
  });

  it("gives up with a typed error that does not reveal the webhook URL", async () => {
    slack = await startReceiver(() => ({ status: 500 }));
    const error = await notifier(slack.url, [])
      .send(alert)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect((error as Error).message).toBe("Slack answered 500 after 4 attempts");
    expect(String(error)).not.toContain("secret-token");
  });

  it("does not retry a request Slack rejects", async () => {
    slack = await startReceiver(() => ({ status: 404, body: "no_service" }));
    await expect(notifier(slack.url, []).send(alert)).rejects.toThrow("Slack answered 404 after 1 attempt");
    expect(slack.received).toHaveLength(1);
  });

  it("marks a resolution", () => {
    const text = JSON.stringify(
      slackMessage({
        ...alert,
        transition: "resolved",
        finding: { ...alert.finding, status: "COMPLIANT", severity: "INFO" },
      }),
    );
    expect(text).toContain("✅ resolved");
  });
});
