import {
  type Alert,
  alertSubject,
  consoleLink,
  type Notifier,
  policyChangeParts,
  resolvedBy,
} from "../actions";
import { KeysentryError } from "../errors";
import type { ChannelConfig } from "../settings";
import { type Digest, type DigestSender, digestLines } from "../sweep";
import type { ChannelContext } from "./context";

export class SlackDeliveryError extends KeysentryError {
  override readonly name = "SlackDeliveryError";
  constructor(
    readonly status: number,
    readonly attempts: number,
  ) {
    // Never the webhook URL: it is a secret.
    super(`Slack answered ${status} after ${attempts} attempt${attempts === 1 ? "" : "s"}`);
  }
}

export interface SlackOptions {
  /** Resolves the incoming-webhook URL (from Secrets Manager, cached). */
  webhookUrl: () => Promise<string>;
  maxAttempts?: number;
  /** Longest wait honoured from Retry-After, so one alert cannot eat the function's timeout. */
  maxWaitSeconds?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const EMOJI: Record<string, string> = { CRITICAL: "🔴", HIGH: "🟠", MEDIUM: "🟡", LOW: "🔵", INFO: "⚪" };

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const context = (text: string) => ({ type: "context", elements: [{ type: "mrkdwn", text }] });
const field = (label: string, value: string) => ({ type: "mrkdwn", text: `*${label}*\n${value}` });

/** Severity, rule, resource with its console link, account and region; then what is wrong (or now right). */
function summaryBlocks(alert: Alert, resolved: boolean): unknown[] {
  const { finding } = alert;
  const [resource = finding.resourceId, ...why] = finding.annotation.split(": ");
  const reason = why.join(": ");
  return [
    // Block Kit: a header's text takes at most 150 characters, a section's 3,000 (Slack API, "Blocks").
    { type: "header", text: { type: "plain_text", text: alertSubject(alert).slice(0, 150) } },
    {
      type: "section",
      fields: [
        field("Severity", resolved ? "✅ resolved" : `${EMOJI[finding.severity] ?? ""} ${finding.severity}`),
        field("Rule", `\`${finding.ruleId}\``),
        field("Resource", `<${consoleLink(finding)}|${resource}>`),
        field("Account / region", `${finding.account} / ${finding.region}`),
      ],
    },
    section(resolved ? `Now ${finding.status.toLowerCase().replace("_", " ")}: ${reason}` : reason),
  ];
}

/** Who did what, the policy diff, what resolved it, what keysentry did, and any exemption note. */
function storyBlocks(alert: Alert, resolved: boolean): unknown[] {
  const { cause } = alert;
  const blocks: unknown[] = [];
  if (cause) blocks.push(context(`${cause.name}${cause.actor ? ` by ${cause.actor}` : ""} at ${cause.time}`));
  const parts = alert.policyChange
    ? policyChangeParts(alert.policyChange).map((part) =>
        part.startsWith("new access") ? `*${part}*` : part,
      )
    : [];
  if (parts.length) blocks.push(section(`Policy change: ${parts.join("; ")}`));
  if (resolved) blocks.push(context(`Resolved: ${resolvedBy(alert)}`));
  for (const action of alert.actions) {
    const mark = action.status === "verified" ? "✅" : action.status === "skipped" ? "⏸" : "⚠️";
    blocks.push(section(`${mark} keysentry ${action.target}: ${action.status}. ${action.detail}`));
  }
  if (alert.exemptionNote) blocks.push(context(`Exemption: ${alert.exemptionNote}`));
  return blocks;
}

/** A Block Kit message: severity, resource with console link, where, what happened, who, what keysentry did. */
export function slackMessage(alert: Alert) {
  const resolved = alert.transition === "resolved";
  return {
    text: alertSubject(alert),
    blocks: [...summaryBlocks(alert, resolved), ...storyBlocks(alert, resolved)],
  };
}

/**
 * Posts alerts to a Slack incoming webhook. 429 and 5xx are retried with backoff, honouring
 * Retry-After; when Slack still fails the error is the dispatcher's to log and count, and
 * the other channels are unaffected.
 */
export class SlackNotifier implements Notifier, DigestSender {
  readonly name = "slack";
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SlackOptions) {
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  send(alert: Alert): Promise<void> {
    return this.post(slackMessage(alert));
  }

  sendDigest(digest: Digest): Promise<void> {
    const [title, ...lines] = digestLines(digest);
    return this.post({
      text: title,
      blocks: [
        { type: "header", text: { type: "plain_text", text: (title ?? "keysentry sweep").slice(0, 150) } },
        ...lines.map((line) => section(line.slice(0, 3000))),
      ],
    });
  }

  private async post(message: unknown): Promise<void> {
    const url = await this.options.webhookUrl();
    const body = JSON.stringify(message);
    const maxAttempts = this.options.maxAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      const response = await this.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      if (response.ok) return;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt === maxAttempts) throw new SlackDeliveryError(response.status, attempt);
      const retryAfter = Number(response.headers.get("retry-after"));
      const backoff = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 2 ** (attempt - 1) * 0.5;
      await this.sleep(Math.min(backoff, this.options.maxWaitSeconds ?? 10) * 1000);
    }
  }
}

export function create(_config: ChannelConfig<"slack">, { secrets }: ChannelContext): SlackNotifier {
  return new SlackNotifier({ webhookUrl: secrets.webhookUrl! });
}
