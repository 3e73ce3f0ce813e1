import { describe, expect, it } from "vitest";
import { CHANNELS, DELIVERIES, parseSettings } from "../../../shared/settings";
import { buildChannels, settingsChannels, stackTopics } from "../../../shared/wiring/channels";

const ALL_ON = parseSettings({
  alerts: { slack: { webhookSecretId: "keysentry/slack" } },
  tickets: {
    opsCenter: {},
    jira: {
      baseUrl: "https://example.atlassian.net",
      projectKey: "SEC",
      email: "bot@example.com",
      tokenSecretId: "keysentry/jira",
    },
  },
  findings: { securityHub: {} },
});

const instances = [
  ...stackTopics({ alert: "arn:aws:sns:eu-west-1:111122223333:keysentry-alerts" }),
  ...settingsChannels(ALL_ON),
];

const METHODS = {
  alerts: ["send"],
  digests: ["sendDigest"],
  tickets: ["open", "resolve"],
  findings: ["record", "flush"],
} as const;

describe("the channel registry", () => {
  it("has ids that are unique and deliveries that are known", () => {
    expect(new Set(CHANNELS.map((c) => c.id)).size).toBe(CHANNELS.length);
    for (const channel of CHANNELS) expect(channel.delivers.every((d) => DELIVERIES.includes(d))).toBe(true);
  });

  it("turns on exactly the channels a settings document names", () => {
    expect(settingsChannels(parseSettings({})).map((i) => i.name)).toEqual([]);
    expect(instances.map((i) => i.name)).toEqual(CHANNELS.map((c) => c.id));
  });

  it("builds every channel as what it delivers, its module loaded on first delivery", async () => {
    const { notifiers, ticketers, sinks } = buildChannels(instances, "eu-west-1");
    const delivering = (delivery: "alerts" | "tickets" | "findings") =>
      CHANNELS.filter((c) => (c.delivers as readonly string[]).includes(delivery)).map((c) => c.id);
    expect(notifiers.map((n) => n.name)).toEqual(delivering("alerts"));
    expect(ticketers.map((t) => t.name)).toEqual(delivering("tickets"));
    expect(sinks.map((s) => s.name)).toEqual(delivering("findings"));
    for (const built of [...notifiers, ...ticketers, ...sinks]) {
      const channel = CHANNELS.find((c) => c.id === built.name)!;
      for (const delivery of channel.delivers)
        for (const method of METHODS[delivery])
          expect(typeof (built as never)[method], method).toBe("function");
    }
  });

  it("loads a module for every channel, exporting how to build it", async () => {
    for (const channel of CHANNELS) {
      const module = (await import(`../../../shared/channels/${channel.id}.ts`)) as { create?: unknown };
      expect(typeof module.create, channel.id).toBe("function");
    }
  });

  it("names the central topic apart from the account's", () => {
    const topics = stackTopics({
      alert: "arn:aws:sns:eu-west-1:111122223333:keysentry-alerts",
      central: "arn:aws:sns:us-east-1:999988887777:org-alerts",
    });
    expect(topics.map((t) => [t.name, t.definition.id])).toEqual([
      ["sns", "sns"],
      ["central-sns", "sns"],
    ]);
  });
});
