import { describe, expect, it } from "vitest";
import { readAcmEvent, readKmsEvent } from "../../../shared/events";
import { sample } from "../../support/event-harness";

const deployment = { account: "111122223333", region: "eu-west-1" };
const FOREIGN_KEY = "arn:aws:kms:eu-west-1:999988887777:key/50c36fa7-8192-43a4-8fe0-6b7c8d9e0f06";
const OTHER_REGION_KEY = "arn:aws:kms:us-east-1:111122223333:key/50c36fa7-8192-43a4-8fe0-6b7c8d9e0f06";

function withKey(arn: string) {
  const event = sample("kms/schedule-key-deletion.json") as { detail: Record<string, unknown> };
  const detail = event.detail as { resources?: { ARN?: string }[]; requestParameters?: { keyId?: string } };
  for (const resource of detail.resources ?? []) resource.ARN = arn;
  if (detail.requestParameters) detail.requestParameters.keyId = arn;
  return event;
}

describe("events that name another account's or region's resources", () => {
  it.each([
    [FOREIGN_KEY, /belongs to account 999988887777, not 111122223333/],
    [OTHER_REGION_KEY, /is in region us-east-1, not eu-west-1/],
  ])("ignores a key call on %s with the reason", (arn, reason) => {
    const reading = readKmsEvent(withKey(arn), deployment);
    expect(reading).toEqual({ ignored: expect.stringMatching(reason) });
  });

  it("keeps a key of this account named by id or by its own ARN", () => {
    const reading = readKmsEvent(sample("kms/schedule-key-deletion.json"), deployment);
    expect("resources" in reading && reading.resources).toHaveLength(1);
  });

  it("evaluates none of 1,000 foreign certificates a Health event lists", () => {
    const event = sample("acm/health-renewal-state-change.json") as {
      resources: string[];
      detail: { affectedEntities?: { entityValue: string }[] };
    };
    const foreign = Array.from(
      { length: 1000 },
      (_, i) =>
        `arn:aws:acm:eu-west-1:999988887777:certificate/${String(i).padStart(8, "0")}-0000-0000-0000-000000000000`,
    );
    event.resources = [];
    event.detail.affectedEntities = foreign.map((entityValue) => ({ entityValue }));
    expect(readAcmEvent(event, deployment)).toEqual({
      ignored: expect.stringMatching(/names only certificates of another account or region: .*999988887777/),
    });
  });

  it("evaluates only this account's certificates when a Health event mixes both", () => {
    const event = sample("acm/health-renewal-state-change.json") as {
      resources: string[];
      detail: { affectedEntities?: { entityValue: string }[] };
    };
    const ours = "arn:aws:acm:eu-west-1:111122223333:certificate/aaaaaaaa-0000-0000-0000-000000000000";
    event.resources = [];
    event.detail.affectedEntities = [
      { entityValue: "arn:aws:acm:eu-west-1:999988887777:certificate/bbbbbbbb-0000-0000-0000-000000000000" },
      { entityValue: ours },
    ];
    const reading = readAcmEvent(event, deployment);
    expect("resources" in reading && reading.resources.map((r) => r.resourceId)).toEqual([ours]);
  });
});
