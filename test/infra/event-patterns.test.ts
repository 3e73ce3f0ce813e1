/**
 * Every EventBridge rule's pattern against every sample in events/, through a matcher written from
 * the EventBridge User Guide (test/support/event-pattern.ts), not from our patterns. Which rule a
 * sample is meant for comes from the registry: the source that claims its envelope `source`, and
 * among that source's rules the one whose listed values (detail-type, eventName, service, event
 * type code) name it. Failed calls are meant for none: they change nothing; nor are the grants AWS
 * services make for the account's own resources that the patterns drop (shared/events/service-grants.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventPatterns } from "../../infra/member/event-patterns";
import {
  CLOUDTRAIL_DETAIL_TYPE,
  type EventPattern,
  eventSourceFor,
  FILTERED_BY_PATTERN,
  serviceGrantFor,
} from "../../shared/events";
import { matchesPattern } from "../support/event-pattern";

/** The account the samples' stack is deployed in (events/sample-account.json). */
const ACCOUNT = "111122223333";
const EVENT_PATTERNS = eventPatterns(ACCOUNT);
type PatternName = string;

const FAMILIES = readdirSync(new URL("../../events/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

type Sample = Record<string, unknown> & { detail?: Record<string, unknown> };

const samples = FAMILIES.flatMap((family) =>
  readdirSync(new URL(`../../events/${family}/`, import.meta.url))
    .filter((file) => file.endsWith(".json"))
    .map((file) => {
      const text = readFileSync(new URL(`../../events/${family}/${file}`, import.meta.url), "utf8");
      return [`${family}/${file}`, JSON.parse(text) as Sample] as const;
    }),
);

/** The value at a pattern's path in the event, when it is a string. */
function at(event: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined,
    event,
  );
}

/** The lists of plain values a pattern names, by path: what the rule is for, leaving out its filters. */
function listedValues(pattern: EventPattern, path: string[] = []): [string[], unknown[]][] {
  return Object.entries(pattern).flatMap(([key, value]): [string[], unknown[]][] => {
    if (key === "$or") return [];
    if (Array.isArray(value)) {
      const plain = value.filter((v) => typeof v === "string");
      return plain.length > 0 ? [[[...path, key], plain]] : [];
    }
    return value && typeof value === "object" ? listedValues(value as EventPattern, [...path, key]) : [];
  });
}

/** The rules a sample is meant for, from the registry and the sample alone. */
/** Whether the patterns drop this CloudTrail record as an AWS service's own grant for the account's resources. */
function droppedServiceGrant(detail: Sample["detail"]): boolean {
  const kind = detail?.userIdentity ? serviceGrantFor(detail as never, ACCOUNT) : undefined;
  return kind !== undefined && FILTERED_BY_PATTERN.includes(kind);
}

function meantFor(event: Sample): PatternName[] {
  const source = eventSourceFor(event.source);
  if (!source) return [];
  const call = event["detail-type"] === CLOUDTRAIL_DETAIL_TYPE;
  if (call && (event.detail?.errorCode || droppedServiceGrant(event.detail))) return [];
  return Object.entries(source.patterns(ACCOUNT))
    .filter(([, pattern]) =>
      listedValues(pattern).every(([path, values]) => values.includes(at(event, path))),
    )
    .map(([name]) => name);
}

describe("each sample in events/ invokes exactly the rule meant for it", () => {
  it("reads every family", () => {
    expect(FAMILIES).toEqual(expect.arrayContaining(["kms", "acm", "acmpca", "config", "malformed"]));
  });

  it.each(samples)("%s", (_file, event) => {
    const matched = (Object.keys(EVENT_PATTERNS) as PatternName[]).filter((name) =>
      matchesPattern(EVENT_PATTERNS[name], event),
    );
    const meant = meantFor(event);
    expect(meant.length).toBeLessThanOrEqual(1);
    expect(matched).toEqual(meant);
  });

  it.each(["kms", "acm", "acmpca"])(
    "every sample of events/%s but a failed call or a dropped service grant is meant for a rule",
    (family) => {
      const unmeant = samples
        .filter(([file, event]) => file.startsWith(`${family}/`) && !event.detail?.errorCode)
        .filter(([, event]) => !droppedServiceGrant(event.detail))
        .filter(([, event]) => meantFor(event).length === 0)
        .map(([file]) => file);
      expect(unmeant).toEqual([]);
    },
  );
});

describe("what the patterns leave out", () => {
  const sample = (file: string) => samples.find(([name]) => name === file)![1];

  it("failed calls and calls keysentry does not watch", () => {
    const failed = sample("kms/failed-disable-key.json");
    expect(matchesPattern(EVENT_PATTERNS.kmsApiCalls!, failed)).toBe(false);
    const listKeys = { ...failed, detail: { ...failed.detail, errorCode: undefined, eventName: "ListKeys" } };
    expect(matchesPattern(EVENT_PATTERNS.kmsApiCalls!, listKeys)).toBe(false);
    const exported = sample("acm/export-certificate.json");
    const refused = { ...exported, detail: { ...exported.detail, errorCode: "RequestInProgressException" } };
    expect(matchesPattern(EVENT_PATTERNS.acmApiCalls!, refused)).toBe(false);
    const read = { ...exported, detail: { ...exported.detail, eventName: "GetCertificate" } };
    expect(matchesPattern(EVENT_PATTERNS.acmApiCalls!, read)).toBe(false);
  });
});

describe("the grant storm: AWS services' own grants invoke nothing, every other grant does", () => {
  const sample = (file: string) => samples.find(([name]) => name === file)![1];
  const base = sample("kms/create-grant.json");
  const invoked = (event: Sample) =>
    Object.values(EVENT_PATTERNS).filter((pattern) => matchesPattern(pattern, event)).length;

  const identities = {
    "a person": {
      type: "AssumedRole",
      accountId: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/bob`,
    },
    "a service for this account": { type: "AssumedRole", accountId: ACCOUNT, invokedBy: "ec2.amazonaws.com" },
    "a service for another account": {
      type: "AssumedRole",
      accountId: "777788889999",
      invokedBy: "ec2.amazonaws.com",
    },
    "a service with no account": { type: "AWSService", invokedBy: "ec2.amazonaws.com" },
    "something not a service": { type: "AssumedRole", accountId: ACCOUNT, invokedBy: "AWS Internal" },
  };
  const grantees: Record<string, Record<string, string>> = {
    "the service's principal": { granteePrincipal: "ec2.eu-west-1.amazonaws.com" },
    "an AWS-reserved session": {
      granteePrincipal: `arn:aws:sts::${ACCOUNT}:assumed-role/aws:ec2-infrastructure/i-0c9d8e7f6a5b4c3d2`,
    },
    "a role of this account": { granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/PaymentsService` },
    "a role of another account": { granteePrincipal: "arn:aws:iam::777788889999:role/ContractorDeploy" },
    "another account's role named like a service": {
      granteePrincipal: "arn:aws:iam::777788889999:role/relay.amazonaws.com",
    },
    "a service principal the caller named": { granteeServicePrincipal: "logs.amazonaws.com" },
    "no grantee": {},
  };
  const variant = (eventName: string, identity: object, request: object | null): Sample => ({
    ...base,
    detail: { ...base.detail, eventName, userIdentity: identity, requestParameters: request },
  });
  const cases = Object.entries(identities).flatMap(([who, identity]) => [
    ...Object.entries(grantees).map(
      ([to, request]) =>
        [
          `CreateGrant by ${who} to ${to}`,
          variant("CreateGrant", identity, { keyId: "k", ...request }),
        ] as const,
    ),
    [`RetireGrant by ${who}`, variant("RetireGrant", identity, null)] as const,
  ]);

  it.each(cases)("%s: the pattern and the reader's recognition agree", (_name, event) => {
    expect(invoked(event)).toBe(droppedServiceGrant(event.detail) ? 0 : 1);
  });

  it.each([
    ["CreateGrant by a service for this account to the service's principal", 0],
    ["RetireGrant by a service for this account", 0],
    // The pattern cannot tell it from an IAM role: the reader ignores it before any read.
    ["CreateGrant by a service for this account to an AWS-reserved session", 1],
    ["CreateGrant by a service for this account to a role of another account", 1],
    ["CreateGrant by a service for this account to a role of this account", 1],
    ["CreateGrant by a service for this account to another account's role named like a service", 1],
    ["CreateGrant by a service for this account to a service principal the caller named", 1],
    ["CreateGrant by a service for another account to the service's principal", 1],
    ["CreateGrant by a service with no account to the service's principal", 1],
    ["CreateGrant by something not a service to the service's principal", 1],
    ["CreateGrant by a person to the service's principal", 1],
    ["RetireGrant by a person", 1],
  ])("%s: %i invocation(s)", (name, count) => {
    expect(invoked(cases.find(([n]) => n === name)![1])).toBe(count);
  });

  it.each([
    ["kms/create-grant.json", 0],
    ["kms/retire-grant-by-service.json", 0],
    ["kms/create-grant-ebs-attach.json", 1],
    ["kms/create-grant-external.json", 1],
    ["kms/retire-grant.json", 1],
  ])("%s: %i invocation(s)", (file, count) => {
    expect(invoked(sample(file))).toBe(count);
  });
});

describe("the patterns as EventBridge takes them", () => {
  // "Event pattern size: 2,048 characters" by default (EventBridge User Guide, "Amazon EventBridge quotas").
  it.each(Object.entries(EVENT_PATTERNS))("%s fits the default event pattern size", (_name, pattern) => {
    expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
  });

  // Rules whose patterns hold wildcards are capped at 30 per bus, unadjustable (same page): none here.
  it("uses no wildcard", () => {
    expect(JSON.stringify(EVENT_PATTERNS)).not.toContain('"wildcard"');
  });
});
