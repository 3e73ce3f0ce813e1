import * as z from "../zod";

/**
 * What a channel carries: alerts (new findings, escalations, resolutions, policy changes), the
 * sweep's digest, tickets (one per finding, resolved when the finding passes again), and findings
 * (every finding's current state, kept by the channel).
 */
export const DELIVERIES = ["alerts", "digests", "tickets", "findings"] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** A secret a channel reads from Secrets Manager: a plain string, or JSON read at `field`. */
export interface ChannelSecret {
  secretId: string;
  field: string;
}

/**
 * An IAM statement a channel's functions need. `{partition}`, `{region}` and `{account}` in a
 * resource stand for the stack's own; reading the channel's secrets is granted apart.
 */
export interface ChannelPermission {
  sid: string;
  actions: readonly string[];
  resources: readonly string[];
  /** Why the resource is what it is (a wildcard needs a reason). */
  reason: string;
  /**
   * Needed only to resolve what the channel opened, when a finding passes again: granted to the
   * functions that dispatch passing findings, not to the Config rule function, which dispatches
   * unreadable ones only.
   */
  resolving?: true;
}

/** The settings section a channel is turned on in. */
export type ChannelSection = "alerts" | "tickets" | "findings";

interface ChannelBase<Id extends string> {
  id: Id;
  title: string;
  /** One sentence for the docs table. */
  summary: string;
  delivers: readonly Delivery[];
}

/** A channel the stack itself configures and grants (its SNS topics). */
export interface StackChannelDefinition<Id extends string = string> extends ChannelBase<Id> {
  settings?: undefined;
}

/** A channel turned on in settings, with what it reads and what it may call. */
export interface ConfiguredChannelDefinition<
  Id extends string = string,
  Section extends ChannelSection = ChannelSection,
  Key extends string = string,
  Schema extends z.ZodMiniType = z.ZodMiniType,
> extends ChannelBase<Id> {
  /**
   * Where settings turn it on: `alerts.slack`. Each field of the schema is described by the JSDoc
   * comment above it, which `npm run docs` reads from this source (scripts/schema-comments.ts).
   */
  settings: { section: Section; key: Key; schema: Schema };
  secrets?: (config: z.infer<Schema>) => Record<string, ChannelSecret>;
  permissions?: (config: z.infer<Schema>) => readonly ChannelPermission[];
}

/**
 * One output channel: everything but how it is built (shared/wiring/channels.ts, which the type
 * system keeps in step with this list). The settings schema, the stack's grants and the docs
 * table are derived from these definitions.
 */
export type ChannelDefinition = StackChannelDefinition | ConfiguredChannelDefinition;

function configured<
  const Id extends string,
  const Section extends ChannelSection,
  const Key extends string,
  Schema extends z.ZodMiniType,
>(definition: ConfiguredChannelDefinition<Id, Section, Key, Schema>) {
  return definition;
}

function fromStack<const Id extends string>(definition: StackChannelDefinition<Id>) {
  return definition;
}

const nonEmpty = () => z.string().check(z.minLength(1));

/** The account's alert topic and the organization's, when there is one: created and granted by the stack. */
const sns = fromStack({
  id: "sns",
  title: "Amazon SNS",
  summary:
    "The account's encrypted alert topic, and the organization's central topic when the stack names one; the stack creates the topic and grants Publish.",
  delivers: ["alerts", "digests"],
});

const slack = configured({
  id: "slack",
  title: "Slack",
  summary: "Block Kit messages to an incoming webhook whose URL is kept in Secrets Manager.",
  delivers: ["alerts", "digests"],
  settings: {
    section: "alerts",
    key: "slack",
    schema: z.strictObject({
      /** The Secrets Manager secret holding the Slack incoming-webhook URL (a string, or JSON with `url`). */
      webhookSecretId: nonEmpty(),
    }),
  },
  secrets: (config) => ({ webhookUrl: { secretId: config.webhookSecretId, field: "url" } }),
});

const opsCenter = configured({
  id: "opscenter",
  title: "AWS Systems Manager OpsCenter",
  summary:
    "One OpsItem per finding (OpsCenter folds repeats into it), resolved when the finding passes again.",
  delivers: ["tickets"],
  settings: {
    section: "tickets",
    key: "opsCenter",
    schema: z.strictObject({
      /** The category of the OpsItems opened. */
      category: z._default(nonEmpty(), "Security"),
    }),
  },
  permissions: () => [
    {
      sid: "OpsCenterTickets",
      actions: ["ssm:CreateOpsItem"],
      resources: ["*"],
      reason: "Open OpsItems; CreateOpsItem takes no resource.",
    },
    {
      sid: "OpsCenterResolutions",
      actions: ["ssm:DescribeOpsItems", "ssm:UpdateOpsItem"],
      resources: ["*"],
      reason:
        "Find a finding's OpsItems (by its ticket key) and resolve them; DescribeOpsItems takes no resource, and UpdateOpsItem's OpsItem is known only once found.",
      resolving: true,
    },
  ],
});

const jira = configured({
  id: "jira",
  title: "Jira Cloud",
  summary:
    "One issue per finding (found again by its label), commented on repeats, and commented on and optionally transitioned when the finding resolves.",
  delivers: ["tickets"],
  settings: {
    section: "tickets",
    key: "jira",
    schema: z.strictObject({
      /** The Jira Cloud site, e.g. `https://example.atlassian.net`. */
      baseUrl: z.url().check(z.startsWith("https://", "Jira Cloud is served over https")),
      /** The key of the project issues are opened in. */
      projectKey: z.string().check(z.regex(/^[A-Z][A-Z0-9_]+$/, "a Jira project key looks like SEC")),
      /** The type of the issues opened. */
      issueType: z._default(nonEmpty(), "Task"),
      /** The email of the Atlassian account the API token belongs to. */
      email: z.email(),
      /** The Secrets Manager secret holding the API token (a string, or JSON with `token`). */
      tokenSecretId: nonEmpty(),
      /**
       * The workflow transition (by name, e.g. "Done") applied when the finding resolves; a comment
       * saying what resolved it is always added.
       */
      resolveTransition: z.optional(nonEmpty()),
    }),
  },
  secrets: (config) => ({ apiToken: { secretId: config.tokenSecretId, field: "token" } }),
});

const securityHub = configured({
  id: "securityhub",
  title: "AWS Security Hub CSPM",
  summary:
    "One ASFF finding per rule and resource in the account's default product, kept current: resolved when it passes, suppressed while exempt, archived when the resource is gone, refreshed by every sweep (docs/outputs.md).",
  delivers: ["findings"],
  settings: {
    section: "findings",
    key: "securityHub",
    /**
     * `{}` turns the channel on: findings go to the account's default product in each region, where
     * Security Hub must be enabled; the channel needs nothing else.
     */
    schema: z.strictObject({}),
  },
  permissions: () => [
    {
      sid: "SecurityHubFindings",
      actions: ["securityhub:BatchImportFindings"],
      resources: ["arn:{partition}:securityhub:{region}:{account}:product/{account}/default"],
      reason: "Import findings into the account's own default product, and nowhere else.",
    },
  ],
});

/** Every output channel. Adding one: its definition here, its builder in shared/wiring/channels.ts. */
export const CHANNELS = [sns, slack, opsCenter, jira, securityHub] as const;

type Definitions = (typeof CHANNELS)[number];
export type ChannelId = Definitions["id"];
type Configured = Extract<Definitions, { settings: object }>;

/** A channel settings turn on, with its validated settings. */
export interface ConfiguredChannel {
  definition: ConfiguredChannelDefinition;
  config: unknown;
}

/** A channel's validated settings (nothing for one the stack configures). */
export type ChannelConfig<Id extends ChannelId> =
  Extract<Definitions, { id: Id }> extends { settings: { schema: infer S extends z.ZodMiniType } }
    ? z.infer<S>
    : Record<string, never>;

type SectionShape<Section extends ChannelSection> = {
  [D in Extract<Configured, { settings: { section: Section } }> as D["settings"]["key"]]: z.ZodMiniOptional<
    D["settings"]["schema"]
  >;
};

/** The settings section (`alerts`, `tickets`) made of the channels turned on in it. */
export function channelSection<Section extends ChannelSection>(section: Section) {
  const shape = Object.fromEntries(
    CHANNELS.flatMap((definition) =>
      definition.settings?.section === section
        ? [[definition.settings.key, z.optional(definition.settings.schema)]]
        : [],
    ),
  ) as SectionShape<Section>;
  // Every channel is optional, so an absent section is an empty one (TypeScript cannot see that for a generic section).
  const schema = z.strictObject(shape);
  return z.prefault(schema, {} as z.input<typeof schema>);
}

/** The channels a settings document turns on, each with its validated settings. */
export function configuredChannels(
  settings: {
    [Section in ChannelSection]: Record<string, unknown>;
  },
): ConfiguredChannel[] {
  return CHANNELS.flatMap((definition): ConfiguredChannel[] => {
    if (!definition.settings) return [];
    const config = settings[definition.settings.section][definition.settings.key];
    return config === undefined ? [] : [{ definition: definition as ConfiguredChannelDefinition, config }];
  });
}
