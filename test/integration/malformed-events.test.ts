import { describe, expect, it } from "vitest";
import { InvalidEventError } from "../../shared/events";
import { HARNESS_SETTINGS, type Harness, sample, useHarness } from "../support/event-harness";

const start = useHarness();
let harness: Harness;

// biome-ignore lint/suspicious/noExplicitAny: each case writes any path of a real event, as an attacker could
type Mutate = (event: Record<string, any>) => unknown;
const kms = (file: string, mutate: Mutate) => () => {
  const event = sample(file);
  const result = mutate(event);
  return result === undefined ? event : result;
};

const WRITES = ["EnableKey", "EnableKeyRotation", "CancelKeyDeletion", "PutKeyPolicy", "TagResource"];

/** Each case: the event, and how it must end (a typed error, ignored, or evaluated). */
const cases: [string, "kms" | "acm", () => unknown, "invalid" | "ignored" | "evaluated"][] = [
  ["null", "kms", () => null, "invalid"],
  ["a string", "kms", () => "PutKeyPolicy", "invalid"],
  ["an array", "kms", () => [sample("kms/disable-key.json")], "invalid"],
  ["an empty object", "kms", () => ({}), "invalid"],
  ["no detail", "kms", () => sample("malformed/missing-detail.json"), "invalid"],
  [
    "detail is an array",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail = [];
    }),
    "invalid",
  ],
  [
    "account is not 12 digits",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.account = "1111";
    }),
    "invalid",
  ],
  [
    "region is not a region",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.region = "moon-1";
    }),
    "invalid",
  ],
  [
    "id missing",
    "kms",
    kms("kms/disable-key.json", (e) => {
      delete e.id;
    }),
    "invalid",
  ],
  [
    "unknown detail-type",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e["detail-type"] = "KMS Key Party";
    }),
    "ignored",
  ],
  [
    "another source",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.source = "aws.s3";
    }),
    "ignored",
  ],
  [
    "CloudTrail record of another service",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.eventSource = "s3.amazonaws.com";
    }),
    "ignored",
  ],
  [
    "an unwatched call",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.eventName = "ListKeys";
    }),
    "ignored",
  ],
  [
    "a unicode eventName",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.eventName = "DisableKey\u202e\u0000🔑";
    }),
    "ignored",
  ],
  [
    "eventName missing",
    "kms",
    kms("kms/disable-key.json", (e) => {
      delete e.detail.eventName;
    }),
    "invalid",
  ],
  [
    "userIdentity missing",
    "kms",
    kms("kms/disable-key.json", (e) => {
      delete e.detail.userIdentity;
    }),
    "invalid",
  ],
  [
    "keyId is a number",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.resources = null;
      e.detail.requestParameters.keyId = 42;
    }),
    "invalid",
  ],
  [
    "pendingWindowInDays is a string",
    "kms",
    kms("kms/schedule-key-deletion.json", (e) => {
      e.detail.requestParameters.pendingWindowInDays = "7";
    }),
    "invalid",
  ],
  [
    "a 5,000-character key id",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.resources = null;
      e.detail.requestParameters.keyId = "k".repeat(5000);
    }),
    "invalid",
  ],
  ["a policy that is not JSON", "kms", () => sample("malformed/policy-not-json.json"), "evaluated"],
  [
    "a 1 MB policy string",
    "kms",
    kms("kms/put-key-policy-public.json", (e) => {
      e.detail.requestParameters.policy = `{"Statement":[${'{"Effect":"Allow"},'.repeat(55_000)}{}]}`;
    }),
    "evaluated",
  ],
  [
    "a key ARN of another account",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.resources[0].ARN =
        "arn:aws:kms:eu-west-1:999988887777:key/0b7e1a52-3c4d-4e5f-8a9b-1c2d3e4f5a01";
    }),
    "ignored",
  ],
  [
    "a path-traversal key id",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.resources = null;
      e.detail.requestParameters.keyId = "../../../etc/passwd";
    }),
    "evaluated",
  ],
  [
    "deeply nested request parameters",
    "kms",
    kms("kms/enable-key.json", (e) => {
      const root: Record<string, unknown> = {};
      let deep = root;
      for (let i = 0; i < 2000; i++) {
        const next = {};
        deep.next = next;
        deep = next;
      }
      e.detail.requestParameters.extra = root;
    }),
    "evaluated",
  ],
  [
    "a read-only call",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.readOnly = true;
    }),
    "ignored",
  ],
  ["a failed call", "kms", () => sample("kms/failed-disable-key.json"), "ignored"],
  [
    "resources is not a list",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.detail.resources = "arn:aws:kms:...";
    }),
    "invalid",
  ],
  [
    "a native event without key-id",
    "kms",
    kms("kms/kms-cmk-rotation.json", (e) => {
      e.detail = {};
    }),
    "invalid",
  ],
  [
    "a native key-id that is a number",
    "kms",
    kms("kms/kms-cmk-rotation.json", (e) => {
      e.detail["key-id"] = 7;
    }),
    "invalid",
  ],
  [
    "a custom-bus event claiming a deletion of a healthy key",
    "kms",
    kms("kms/kms-cmk-deletion.json", (e) => {
      e.resources = ["arn:aws:kms:eu-west-1:111122223333:key/0b7e1a52-3c4d-4e5f-8a9b-1c2d3e4f5a01"];
    }),
    "evaluated",
  ],
  [
    "a 10,000-character time",
    "kms",
    kms("kms/disable-key.json", (e) => {
      e.time = "9".repeat(10_000);
    }),
    "invalid",
  ],
  [
    "ACM event without resources",
    "acm",
    kms("acm/expired.json", (e) => {
      e.resources = [];
    }),
    "ignored",
  ],
  [
    "ACM DaysToExpiry as text",
    "acm",
    kms("acm/approaching-expiration.json", (e) => {
      e.detail.DaysToExpiry = "twenty";
    }),
    "invalid",
  ],
  [
    "ACM resource that is not a certificate ARN",
    "acm",
    kms("acm/expired.json", (e) => {
      e.resources = ["arn:aws:s3:::bucket"];
    }),
    "ignored",
  ],
  [
    "AWS Health event for EC2",
    "acm",
    kms("acm/health-caa-check-failure.json", (e) => {
      e.detail.service = "EC2";
    }),
    "ignored",
  ],
  [
    "AWS Health affectedEntities not a list",
    "acm",
    kms("acm/health-caa-check-failure.json", (e) => {
      e.detail.affectedEntities = "all";
    }),
    "invalid",
  ],
  [
    "AWS Health event of another kind",
    "acm",
    kms("acm/health-caa-check-failure.json", (e) => {
      e.detail.eventTypeCode = "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED";
    }),
    "ignored",
  ],
];

describe("bad input never crashes, never remediates", () => {
  it("covers at least 30 malformed or hostile events", () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)("%s", async (_name, handler, make, expected) => {
    harness = await start({
      ...HARNESS_SETTINGS,
      rules: { ...HARNESS_SETTINGS.rules, "kms-key-enabled": { mode: "remediate" } },
    });
    const run = handler === "kms" ? harness.kms : harness.acm;
    let outcome: "invalid" | "ignored" | "evaluated";
    try {
      const result = await run(make());
      outcome = result.ignored.length > 0 ? "ignored" : "evaluated";
      if (outcome === "ignored") expect(result.ignored[0]?.reason.length).toBeGreaterThan(0);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEventError);
      outcome = "invalid";
    }
    expect(outcome).toBe(expected);
    expect(harness.aws.calls.filter((c) => WRITES.includes(c.operation))).toEqual([]);
  });
});
