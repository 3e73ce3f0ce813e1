import { type CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { type ConfigServiceClient, GetResourceConfigHistoryCommand } from "@aws-sdk/client-config-service";
import type { PriorKeyState } from "../actions";

type Prior = Awaited<ReturnType<PriorKeyState["stateBeforeDeletion"]>>;

/** AWS Config's recorded configurations of the key, newest first; the first Enabled or Disabled one wins. */
export class ConfigHistoryPriorState implements PriorKeyState {
  constructor(private readonly config: ConfigServiceClient) {}

  async stateBeforeDeletion(key: { keyId: string }, now: Date): Promise<Prior> {
    const { configurationItems = [] } = await this.config.send(
      new GetResourceConfigHistoryCommand({
        resourceType: "AWS::KMS::Key",
        resourceId: key.keyId,
        laterTime: now,
        chronologicalOrder: "Reverse",
        limit: 20,
      }),
    );
    for (const item of configurationItems) {
      let state: unknown;
      try {
        state = (JSON.parse(item.configuration ?? "{}") as { keyState?: unknown }).keyState;
      } catch {
        continue;
      }
      if (state === "Enabled" || state === "Disabled") {
        return {
          state,
          source: `AWS Config history, ${item.configurationItemCaptureTime?.toISOString() ?? "undated"}`,
        };
      }
    }
    return undefined;
  }
}

const STATE_AFTER: Record<string, "Enabled" | "Disabled"> = {
  EnableKey: "Enabled",
  CreateKey: "Enabled",
  DisableKey: "Disabled",
};

/** CloudTrail's last 90 days of management events on the key: the newest enable, create or disable. */
export class CloudTrailPriorState implements PriorKeyState {
  constructor(private readonly cloudtrail: CloudTrailClient) {}

  async stateBeforeDeletion(key: { arn: string }, now: Date): Promise<Prior> {
    const { Events = [] } = await this.cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: key.arn }],
        EndTime: now,
        MaxResults: 50,
      }),
    );
    // LookupEvents returns the newest events first (CloudTrail API reference).
    const last = Events.find((event) => event.EventName && event.EventName in STATE_AFTER);
    return last?.EventName
      ? {
          state: STATE_AFTER[last.EventName]!,
          source: `CloudTrail ${last.EventName} at ${last.EventTime?.toISOString()}`,
        }
      : undefined;
  }
}

/** Asks each source in turn; a source that fails or knows nothing passes to the next. */
export class FirstKnownPriorState implements PriorKeyState {
  constructor(
    private readonly sources: readonly PriorKeyState[],
    private readonly onFailure?: (error: unknown) => void,
  ) {}

  async stateBeforeDeletion(key: { keyId: string; arn: string }, now: Date): Promise<Prior> {
    for (const source of this.sources) {
      try {
        const prior = await source.stateBeforeDeletion(key, now);
        if (prior) return prior;
      } catch (error) {
        this.onFailure?.(error);
      }
    }
    return undefined;
  }
}
