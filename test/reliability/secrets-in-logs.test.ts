import { LogFormatter, Logger, LogItem } from "@aws-lambda-powertools/logger";
import { describe, expect, it } from "vitest";
import { JiraTicketer, SlackNotifier } from "../../shared/channels";
import { HARNESS_SETTINGS, type Harness, sample, useHarness } from "../support/event-harness";
import { startReceiver } from "../support/http-receiver";

const start = useHarness();
let harness: Harness;

const WEBHOOK_TOKEN = "T0000/B0000/slack-secret-f3a9c1";
const JIRA_TOKEN = "jira-secret-7d2e44";

/** Keeps every log line the logger formats, so a test can read them. */
class CapturingFormatter extends LogFormatter {
  constructor(readonly lines: string[]) {
    super();
  }
  override formatAttributes(
    attributes: { logLevel: string; message: string },
    additional: Record<string, unknown>,
  ): LogItem {
    const item = new LogItem({
      attributes: { level: attributes.logLevel, message: attributes.message, ...additional },
    });
    this.lines.push(
      JSON.stringify(item.getAttributes(), (_key, value) =>
        value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value,
      ),
    );
    return item;
  }
}

describe("secrets never reach the logs", () => {
  it("Slack webhook URL and Jira token stay out of every log line, even when both channels fail", async () => {
    const lines: string[] = [];
    const logger = new Logger({
      serviceName: "keysentry",
      logLevel: "DEBUG",
      logFormatter: new CapturingFormatter(lines) as never,
    });
    const failing = await startReceiver(() => ({ status: 500, body: { error: "down" } }));
    try {
      harness = await start(
        { ...HARNESS_SETTINGS, rules: { "kms-rotation-enabled": { mode: "ticket" } } },
        { logger },
      );
      const { dispatch } = harness.services.pipeline;
      (dispatch.notifiers as unknown[]).push(
        new SlackNotifier({
          webhookUrl: async () => `${failing.url}/services/${WEBHOOK_TOKEN}`,
          sleep: async () => {},
        }),
      );
      (dispatch.ticketers as unknown[]).push(
        new JiraTicketer({
          baseUrl: failing.url,
          projectKey: "SEC",
          issueType: "Task",
          email: "bot@example.com",
          apiToken: async () => JIRA_TOKEN,
        }),
      );
      const result = await harness.kms(sample("kms/disable-key-rotation.json"));
      expect(
        result.actions
          .filter((a) => a.status === "failed")
          .map((a) => a.target)
          .sort(),
      ).toEqual(["jira", "slack"]);
      const logs = lines.join("\n");
      expect(logs).toContain("alert slack failed");
      expect(logs).toContain("ticket jira failed");
      expect(logs).not.toContain(WEBHOOK_TOKEN);
      expect(logs).not.toContain(JIRA_TOKEN);
      expect(logs).not.toContain(Buffer.from(`bot@example.com:${JIRA_TOKEN}`).toString("base64"));
      expect(JSON.stringify(result)).not.toContain(WEBHOOK_TOKEN);
    } finally {
      await failing.close();
    }
  });
});
