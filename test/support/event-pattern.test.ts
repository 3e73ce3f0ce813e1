/**
 * The EventBridge pattern matcher in test/support/event-pattern.ts against every example of the
 * EventBridge User Guide, with the outcome the guide gives for it. Pages:
 * - "Amazon EventBridge event patterns" (eb-event-patterns; eb-create-pattern)
 * - "Arrays in Amazon EventBridge event patterns" (eb-event-patterns-arrays)
 * - "Matching null values and empty strings" (eb-event-patterns-null-values)
 * - "Content filtering in Amazon EventBridge event patterns" (eb-event-patterns-content-based-filtering,
 *   content-filtering-with-event-patterns)
 * - "Comparison operators for use in event patterns" (eb-create-pattern-operators): the operator table
 *   (each row's example, with the value it names matching and another not) and "$or" matching.
 *
 * Why our own: npm has no maintained EventBridge matcher. `event-pattern-matcher` and
 * `eventbridge-pattern` do not exist (npm 404); `serverless-offline-aws-eventbridge` keeps its
 * matcher inside a Serverless plugin class (not exported; express, mqtt and aedes as dependencies)
 * and handles neither `$or` nor anything-but on arrays; AWS's own Event Ruler is a Java library.
 */
import { describe, expect, it } from "vitest";
import { matchesPattern, UnsupportedPatternError, wildcardMatches } from "./event-pattern";

const ec2Termination = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};

const autoscalingLaunch = {
  version: "0",
  id: "3e3c153a-8339-4e30-8c35-687ebef853fe",
  "detail-type": "EC2 Instance Launch Successful",
  source: "aws.autoscaling",
  account: "123456789012",
  time: "2015-11-11T21:31:47Z",
  region: "us-east-1",
  resources: [],
  detail: { eventVersion: "", responseElements: null },
};

const macieAlert = {
  version: "0",
  id: "3e355723-fca9-4de3-9fd7-154c289d6b59",
  "detail-type": "Macie Alert",
  source: "aws.macie",
  account: "123456789012",
  time: "2017-04-24T22:28:49Z",
  region: "us-east-1",
  resources: [
    "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id",
    "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id",
  ],
  detail: {
    "notification-type": "ALERT_CREATED",
    name: "Scanning bucket policies",
    tags: ["Custom_Alert", "Insider"],
    "risk-score": 80,
    trigger: {
      "rule-arn": "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id",
      "alert-type": "basic",
      risk: 8,
    },
  },
};

describe("Event patterns (eb-event-patterns, eb-create-pattern)", () => {
  it("the EC2 termination pattern matches the EC2 termination event", () => {
    const pattern = {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      detail: { state: ["terminated"] },
    };
    expect(matchesPattern(pattern, ec2Termination)).toBe(true);
    expect(matchesPattern(pattern, { ...ec2Termination, detail: { state: "running" } })).toBe(false);
  });

  it("a list of values matches any of them", () => {
    expect(matchesPattern({ source: ["aws.ec2", "aws.fargate"] }, ec2Termination)).toBe(true);
    expect(matchesPattern({ source: ["aws.ec2", "aws.fargate"] }, { source: "aws.s3" })).toBe(false);
  });

  it("the event must contain every field the pattern names", () => {
    expect(matchesPattern({ detail: { missing: ["terminated"] } }, ec2Termination)).toBe(false);
  });

  it("strings match character by character, without case folding", () => {
    expect(matchesPattern({ source: ["AWS.EC2"] }, ec2Termination)).toBe(false);
  });

  it("field matching: responseElements [null] matches the Auto Scaling event", () => {
    const pattern = {
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance Launch Successful"],
      detail: { responseElements: [null] },
    };
    expect(matchesPattern(pattern, autoscalingLaunch)).toBe(true);
  });

  it("value matching: a risk score of 80 and a trigger risk of 8 match the Macie alert", () => {
    const pattern = {
      source: ["aws.macie"],
      "detail-type": ["Macie Alert"],
      detail: { "risk-score": [80], trigger: { risk: [8] } },
    };
    expect(matchesPattern(pattern, macieAlert)).toBe(true);
    expect(matchesPattern({ ...pattern, detail: { "risk-score": [81] } }, macieAlert)).toBe(false);
  });
});

describe("Null values and empty strings (eb-event-patterns-null-values)", () => {
  it('eventVersion [""] matches the empty string', () => {
    expect(matchesPattern({ detail: { eventVersion: [""] } }, autoscalingLaunch)).toBe(true);
  });

  it("responseElements [null] matches null", () => {
    expect(matchesPattern({ detail: { responseElements: [null] } }, autoscalingLaunch)).toBe(true);
  });

  it("null and the empty string are not interchangeable", () => {
    expect(matchesPattern({ detail: { responseElements: [""] } }, autoscalingLaunch)).toBe(false);
    expect(matchesPattern({ detail: { eventVersion: [null] } }, autoscalingLaunch)).toBe(false);
  });
});

describe("Arrays (eb-event-patterns-arrays)", () => {
  const pattern = {
    resources: [
      "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
      "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
    ],
  };

  it("matches when the pattern's values and the event's array intersect", () => {
    const event = {
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    };
    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it("does not match when they do not", () => {
    expect(matchesPattern(pattern, { resources: ["arn:aws:ec2:us-east-1:999999999999:instance/i-0"] })).toBe(
      false,
    );
  });
});

describe("Content filtering (eb-event-patterns-content-based-filtering)", () => {
  it('prefix: "time" starting with 2017-10-02', () => {
    const pattern = { time: [{ prefix: "2017-10-02" }] };
    expect(matchesPattern(pattern, { time: "2017-10-02T18:43:48Z" })).toBe(true);
    expect(matchesPattern(pattern, { time: "2017-10-03T18:43:48Z" })).toBe(false);
  });

  it("prefix: Auto Scaling events from European regions", () => {
    const pattern = { source: ["aws.autoscaling"], region: [{ prefix: "eu-" }] };
    expect(matchesPattern(pattern, { source: "aws.autoscaling", region: "eu-west-1" })).toBe(true);
    expect(matchesPattern(pattern, { source: "aws.autoscaling", region: "us-east-1" })).toBe(false);
  });

  it("prefix matches string values only", () => {
    expect(matchesPattern({ detail: { n: [{ prefix: "1" }] } }, { detail: { n: 12 } })).toBe(false);
  });

  it.each([
    [{ "anything-but": "initializing" }, "running", true],
    [{ "anything-but": "initializing" }, "initializing", false],
    [{ "anything-but": ["stopped", "overloaded"] }, "running", true],
    [{ "anything-but": ["stopped", "overloaded"] }, "overloaded", false],
    [{ "anything-but": { prefix: "init" } }, "running", true],
    [{ "anything-but": { prefix: "init" } }, "initializing", false],
  ])("anything-but on state: %j against %s → %s", (condition, state, outcome) => {
    expect(matchesPattern({ detail: { state: [condition] } }, { detail: { state } })).toBe(outcome);
  });

  it.each([
    [{ "anything-but": 123 }, 124, true],
    [{ "anything-but": 123 }, 123, false],
    [{ "anything-but": [100, 200, 300] }, 150, true],
    [{ "anything-but": [100, 200, 300] }, 200, false],
  ])("anything-but on x-limit: %j against %s → %s", (condition, limit, outcome) => {
    expect(matchesPattern({ detail: { "x-limit": [condition] } }, { detail: { "x-limit": limit } })).toBe(
      outcome,
    );
  });

  // The guide says "anything except what's provided", not what an absent field does. It matches
  // nothing: EventBridge's own matcher, Event Ruler, pairs it with `exists: false` in its tests
  // wherever an absent field should pass, as keysentry's grant rules do.
  it("anything-but needs the field present", () => {
    expect(matchesPattern({ detail: { state: [{ "anything-but": "initializing" }] } }, { detail: {} })).toBe(
      false,
    );
    const orAbsent = { detail: { state: [{ "anything-but": "initializing" }, { exists: false }] } };
    expect(matchesPattern(orAbsent, { detail: {} })).toBe(true);
  });

  it("anything-but: every event except CloudTrail reports of API calls", () => {
    const pattern = { "detail-type": [{ "anything-but": "AWS API Call via CloudTrail" }] };
    expect(matchesPattern(pattern, ec2Termination)).toBe(true);
    expect(matchesPattern(pattern, { "detail-type": "AWS API Call via CloudTrail" })).toBe(false);
  });

  it("anything-but: every event except those from Amazon EC2 or Amazon S3", () => {
    const pattern = { source: [{ "anything-but": ["aws.ec2", "aws.s3"] }] };
    expect(matchesPattern(pattern, macieAlert)).toBe(true);
    expect(matchesPattern(pattern, ec2Termination)).toBe(false);
  });

  it('anything-but prefix: only events whose source does not begin with "aws."', () => {
    const pattern = { source: [{ "anything-but": { prefix: "aws." } }] };
    expect(matchesPattern(pattern, { source: "com.example.orders" })).toBe(true);
    expect(matchesPattern(pattern, ec2Termination)).toBe(false);
  });

  it("numeric: true only when every field's range holds", () => {
    const pattern = {
      detail: {
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ numeric: ["=", 3.018e2] }],
      },
    };
    expect(matchesPattern(pattern, { detail: { "c-count": 5, "d-count": 9, "x-limit": 301.8 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { "c-count": 0, "d-count": 9, "x-limit": 301.8 } })).toBe(false);
    expect(matchesPattern(pattern, { detail: { "c-count": 5, "d-count": 10, "x-limit": 301.8 } })).toBe(
      false,
    );
  });

  it("numeric matches JSON numbers only", () => {
    expect(matchesPattern({ detail: { n: [{ numeric: [">", 0] }] } }, { detail: { n: "5" } })).toBe(false);
  });

  it("cidr: source IP addresses in 10.0.0.0/24", () => {
    const pattern = { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } };
    expect(matchesPattern(pattern, { detail: { sourceIPAddress: "10.0.0.24" } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { sourceIPAddress: "10.0.1.1" } })).toBe(false);
  });

  describe("exists", () => {
    const absent = { detail: { "c-count": [{ exists: false }] } };

    it("c-count exists: false matches an event without detail.c-count", () => {
      const event = {
        "detail-type": ["EC2 Instance State-change Notification"],
        resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
        detail: { state: ["initializing", "running"] },
      };
      expect(matchesPattern(absent, event)).toBe(true);
    });

    it("and one whose c-count is not a leaf node", () => {
      const event = {
        "detail-type": ["EC2 Instance State-change Notification"],
        resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
        detail: { state: ["initializing", "running"], "c-count": { c1: 100 } },
      };
      expect(matchesPattern(absent, event)).toBe(true);
    });

    it("but not one with a c-count value", () => {
      expect(matchesPattern(absent, { detail: { "c-count": 3 } })).toBe(false);
    });

    it("description exists: true selects the events that have one", () => {
      const pattern = { detail: { description: [{ exists: true }] } };
      expect(matchesPattern(pattern, { detail: { description: "a key" } })).toBe(true);
      expect(matchesPattern(pattern, { detail: {} })).toBe(false);
    });
  });

  it("the complex example combines prefix, anything-but and numeric", () => {
    const pattern = {
      time: [{ prefix: "2017-10-02" }],
      detail: {
        state: [{ "anything-but": "initializing" }],
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ "anything-but": [100, 200, 300] }],
      },
    };
    const event = {
      time: "2017-10-02T18:43:48Z",
      detail: { state: "running", "c-count": 3, "d-count": 2, "x-limit": 150 },
    };
    expect(matchesPattern(pattern, event)).toBe(true);
    expect(matchesPattern(pattern, { ...event, detail: { ...event.detail, "x-limit": 300 } })).toBe(false);
    expect(matchesPattern(pattern, { ...event, detail: { ...event.detail, state: "initializing" } })).toBe(
      false,
    );
  });
});

describe("Comparison operators (eb-create-pattern-operators)", () => {
  it.each([
    [
      "and",
      { Location: ["New York"], Day: ["Monday"] },
      { Location: "New York", Day: "Monday" },
      { Location: "New York", Day: "Tuesday" },
    ],
    [
      "anything-but",
      { state: [{ "anything-but": "initializing" }] },
      { state: "running" },
      { state: "initializing" },
    ],
    [
      "anything-but (begins with)",
      { Region: [{ "anything-but": { prefix: "us-" } }] },
      { Region: "eu-west-1" },
      { Region: "us-east-1" },
    ],
    [
      "anything-but (ends with)",
      { FileName: [{ "anything-but": { suffix: ".png" } }] },
      { FileName: "a.jpg" },
      { FileName: "a.png" },
    ],
    [
      "anything-but (ignore case)",
      { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] },
      { state: "running" },
      { state: "INITIALIZING" },
    ],
    [
      "anything-but (wildcard)",
      { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
      { FilePath: "/usr/bin/x" },
      { FilePath: "/usr/lib/x" },
    ],
    ["begins with", { Region: [{ prefix: "us-" }] }, { Region: "us-east-1" }, { Region: "eu-west-1" }],
    [
      "begins with (ignore case)",
      { service: [{ prefix: { "equals-ignore-case": "eventb" } }] },
      { service: "EventBridge" },
      { service: "Lambda" },
    ],
    ["empty", { LastName: [""] }, { LastName: "" }, { LastName: "Doe" }],
    ["equals", { Name: ["Alice"] }, { Name: "Alice" }, { Name: "alice" }],
    [
      "equals (ignore case)",
      { Name: [{ "equals-ignore-case": "alice" }] },
      { Name: "ALICE" },
      { Name: "Bob" },
    ],
    ["ends with", { FileName: [{ suffix: ".png" }] }, { FileName: "a.png" }, { FileName: "a.PNG" }],
    [
      "ends with (ignore case)",
      { service: [{ suffix: { "equals-ignore-case": "tbridge" } }] },
      { service: "EVENTBRIDGE" },
      { service: "Lambda" },
    ],
    ["exists", { ProductName: [{ exists: true }] }, { ProductName: "keysentry" }, {}],
    ["does not exist", { ProductName: [{ exists: false }] }, {}, { ProductName: "keysentry" }],
    [
      "not (anything-but a list)",
      { Weather: [{ "anything-but": ["Raining"] }] },
      { Weather: "Sunny" },
      { Weather: "Raining" },
    ],
    ["null", { UserID: [null] }, { UserID: null }, { UserID: "u-1" }],
    ["numeric (equals)", { Price: [{ numeric: ["=", 100] }] }, { Price: 100 }, { Price: 101 }],
    ["numeric (range)", { Price: [{ numeric: [">", 10, "<=", 20] }] }, { Price: 20 }, { Price: 10 }],
    ["or (values)", { PaymentType: ["Credit", "Debit"] }, { PaymentType: "Debit" }, { PaymentType: "Cash" }],
    [
      "wildcard",
      { FileName: [{ wildcard: "dir/*.png" }] },
      { FileName: "dir/a.png" },
      { FileName: "other/a.png" },
    ],
    [
      "ip address",
      { SourceIPAddress: [{ cidr: "10.0.0.0/24" }] },
      { SourceIPAddress: "10.0.0.7" },
      { SourceIPAddress: "10.0.2.7" },
    ],
  ])("%s: matches the value it names, not another", (_name, pattern, matching, other) => {
    expect(matchesPattern(pattern, matching)).toBe(true);
    expect(matchesPattern(pattern, other)).toBe(false);
  });

  it("$or: one of several fields' conditions", () => {
    const pattern = {
      detail: {
        $or: [
          { "c-count": [{ numeric: [">", 0, "<=", 5] }] },
          { "d-count": [{ numeric: ["<", 10] }] },
          { "x-limit": [{ numeric: ["=", 3.018e2] }] },
        ],
      },
    };
    expect(matchesPattern(pattern, { detail: { "c-count": 7, "d-count": 3 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { "x-limit": 301.8 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { "c-count": 7, "d-count": 30, "x-limit": 1 } })).toBe(false);
  });

  it("$or beside other fields: those must match too", () => {
    const pattern = {
      source: ["aws.ec2"],
      $or: [
        { "detail-type": ["EC2 Instance State-change Notification"] },
        { detail: { state: ["stopped"] } },
      ],
    };
    expect(matchesPattern(pattern, ec2Termination)).toBe(true);
    expect(matchesPattern(pattern, { ...ec2Termination, source: "aws.s3" })).toBe(false);
    expect(
      matchesPattern(pattern, { ...ec2Termination, "detail-type": "Other", detail: { state: "running" } }),
    ).toBe(false);
  });
});

describe("what the reference leaves open is refused", () => {
  it.each([
    [{ a: [{ contains: "x" }] }],
    [{ a: [{ cidr: "2001:db8::/32" }] }],
    [{ a: "not an array" }],
    [{ a: [{ prefix: "x", suffix: "y" }] }],
    [{ $or: [{ a: ["x"] }] }],
  ])("%j", (pattern) => {
    expect(() => matchesPattern(pattern, { a: "x" })).toThrow(UnsupportedPatternError);
  });
});

describe("wildcards are walked, not compiled to a RegExp", () => {
  it.each([
    ["*", "", true],
    ["a*", "abc", true],
    ["*c", "abc", true],
    ["a*c*e", "abcde", true],
    ["a*c*e", "abcdf", false],
    ["a**b", "ab", true],
    ["*/lib/*", "/usr/lib/x", true],
  ])("%s against %s → %s", (pattern, value, outcome) => {
    expect(wildcardMatches(pattern, value)).toBe(outcome);
  });

  it("in time bounded by the pattern times the value, on a hostile value", () => {
    const started = performance.now();
    expect(wildcardMatches(`${"*a".repeat(50)}b`, "a".repeat(100_000))).toBe(false);
    // Far above the few milliseconds it takes: this catches a backtracking blow-up, not a slow machine.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
