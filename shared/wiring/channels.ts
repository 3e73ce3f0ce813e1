import type { FindingsSink, Notifier, Ticketer } from "../actions";
import { timeouts } from "../aws/clients";
import type { ChannelContext, FindingLedger, StackChannelConfig } from "../channels";
import {
  CHANNELS,
  type ChannelConfig,
  type ChannelDefinition,
  type ChannelId,
  configuredChannels,
  type Delivery,
  type Settings,
} from "../settings";
import type { DigestSender } from "../sweep";
import { lazyAdapter, once } from "./lazy-adapter";

type Delivered = Notifier & DigestSender & Ticketer & FindingsSink;
type DeliveryMethod = "send" | "sendDigest" | "open" | "resolve" | "record" | "flush";

/** What a channel's module exports: how to build the channel from its settings. */
interface ChannelModule<Id extends ChannelId> {
  create(
    config: Id extends "sns" ? StackChannelConfig : ChannelConfig<Id>,
    context: ChannelContext,
  ): Partial<Delivered>;
}

/**
 * How each channel of the registry (shared/settings/channels.ts) is built: its module, import()ed
 * on first delivery so a cold start pays for none of them. The mapped type keeps this list and
 * the registry in step both ways.
 */
const CHANNEL_MODULES: { [Id in ChannelId]: () => Promise<ChannelModule<Id>> } = {
  sns: () => import("../channels/sns"),
  slack: () => import("../channels/slack"),
  opscenter: () => import("../channels/opscenter"),
  jira: () => import("../channels/jira"),
  securityhub: () => import("../channels/securityhub"),
};

/** The methods that carry each delivery. */
const METHODS: Record<Delivery, readonly DeliveryMethod[]> = {
  alerts: ["send"],
  digests: ["sendDigest"],
  tickets: ["open", "resolve"],
  findings: ["record", "flush"],
};

/** A secret's value, through a Secrets Manager client created when the secret is first needed. */
function secret(region: string, secretId: string, field: string): () => Promise<string> {
  const read = once(async () => {
    const [{ SecretsManagerClient }, { cachedSecret }] = await Promise.all([
      import("@aws-sdk/client-secrets-manager"),
      import("../channels/secrets"),
    ]);
    return cachedSecret(new SecretsManagerClient({ region, requestHandler: timeouts() }), secretId, field);
  });
  return async () => (await read())();
}

export interface ChannelInstance {
  definition: ChannelDefinition;
  name: string;
  config: unknown;
}

/** The SNS topics the stack created and named in the function's environment. */
export function stackTopics(topics: { alert?: string; central?: string }): ChannelInstance[] {
  const sns = CHANNELS.find((c) => c.id === "sns")!;
  const named: StackChannelConfig[] = [
    ...(topics.alert ? [{ name: "sns", arn: topics.alert }] : []),
    ...(topics.central ? [{ name: "central-sns", arn: topics.central }] : []),
  ];
  return named.map((config) => ({ definition: sns, name: config.name, config }));
}

/** The channels settings turn on. */
export function settingsChannels(settings: Settings): ChannelInstance[] {
  return configuredChannels(settings).map(({ definition, config }) => ({
    definition,
    name: definition.id,
    config,
  }));
}

/** Builds each channel instance as the notifier, ticketer or findings sink its deliveries make it. */
export function buildChannels(
  instances: readonly ChannelInstance[],
  region: string,
  findingLedger?: FindingLedger,
): { notifiers: Notifier[]; ticketers: Ticketer[]; sinks: FindingsSink[] } {
  const notifiers: Notifier[] = [];
  const ticketers: Ticketer[] = [];
  const sinks: FindingsSink[] = [];
  for (const { definition, name, config } of instances) {
    const secrets = Object.fromEntries(
      Object.entries(definition.settings ? (definition.secrets?.(config) ?? {}) : {}).map(
        ([key, { secretId, field }]) => [key, secret(region, secretId, field)],
      ),
    );
    const load = CHANNEL_MODULES[definition.id as ChannelId] as () => Promise<ChannelModule<ChannelId>>;
    const adapter = lazyAdapter(
      async () => (await load()).create(config as never, { region, secrets, findingLedger }) as Delivered,
      definition.delivers.flatMap((delivery) => METHODS[delivery]),
    );
    if (definition.delivers.includes("alerts")) notifiers.push({ name, ...adapter });
    if (definition.delivers.includes("tickets")) ticketers.push({ name, ...adapter });
    if (definition.delivers.includes("findings")) sinks.push({ name, ...adapter });
  }
  return { notifiers, ticketers, sinks };
}
