import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient, GetResourceConfigHistoryCommand } from "@aws-sdk/client-config-service";
import { afterEach, describe, expect, it } from "vitest";
import { CloudTrailPriorState, ConfigHistoryPriorState, FirstKnownPriorState } from "../../../shared/aws";
import { mockAws } from "../../support/mock-aws";

const config = mockAws(ConfigServiceClient);
const cloudtrail = mockAws(CloudTrailClient);
afterEach(() => {
  config.reset();
  cloudtrail.reset();
});

const key = { keyId: "k1", arn: "arn:aws:kms:eu-west-1:111122223333:key/k1" };
const now = new Date("2026-11-01T10:00:00Z");
const fromConfig = () => new ConfigHistoryPriorState(new ConfigServiceClient({ region: "eu-west-1" }));
const fromCloudTrail = () => new CloudTrailPriorState(new CloudTrailClient({ region: "eu-west-1" }));

describe("prior key state", () => {
  it("takes the newest Enabled or Disabled configuration from AWS Config, skipping PendingDeletion", async () => {
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        { configuration: JSON.stringify({ keyState: "PendingDeletion" }) },
        { configuration: "not json" },
        {
          configuration: JSON.stringify({ keyState: "Disabled" }),
          configurationItemCaptureTime: new Date("2026-10-01T00:00:00Z"),
        },
      ],
    });
    expect(await fromConfig().stateBeforeDeletion(key, now)).toEqual({
      state: "Disabled",
      source: "AWS Config history, 2026-10-01T00:00:00.000Z",
    });
    expect(config.commandCalls(GetResourceConfigHistoryCommand)[0]?.args[0].input).toMatchObject({
      resourceType: "AWS::KMS::Key",
      resourceId: "k1",
      chronologicalOrder: "Reverse",
    });
  });

  it("reads the newest enable, create or disable from CloudTrail", async () => {
    cloudtrail.on(LookupEventsCommand).resolves({
      Events: [
        { EventName: "ScheduleKeyDeletion", EventTime: new Date("2026-11-01T09:00:00Z") },
        { EventName: "EnableKey", EventTime: new Date("2026-09-01T00:00:00Z") },
        { EventName: "DisableKey", EventTime: new Date("2026-08-01T00:00:00Z") },
      ],
    });
    expect(await fromCloudTrail().stateBeforeDeletion(key, now)).toEqual({
      state: "Enabled",
      source: "CloudTrail EnableKey at 2026-09-01T00:00:00.000Z",
    });
    expect(cloudtrail.commandCalls(LookupEventsCommand)[0]?.args[0].input.LookupAttributes).toEqual([
      { AttributeKey: "ResourceName", AttributeValue: key.arn },
    ]);
  });

  it("falls back from Config to CloudTrail, and to nothing, reporting failures", async () => {
    config
      .on(GetResourceConfigHistoryCommand)
      .rejects(
        Object.assign(new Error("Config is not recording"), { name: "ResourceNotDiscoveredException" }),
      );
    cloudtrail
      .on(LookupEventsCommand)
      .resolves({ Events: [{ EventName: "DisableKey", EventTime: new Date("2026-09-01T00:00:00Z") }] });
    const failures: unknown[] = [];
    const chain = new FirstKnownPriorState([fromConfig(), fromCloudTrail()], (e) => failures.push(e));
    expect((await chain.stateBeforeDeletion(key, now))?.state).toBe("Disabled");
    expect(failures).toHaveLength(1);
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
    expect(await chain.stateBeforeDeletion(key, now)).toBeUndefined();
  });
});
