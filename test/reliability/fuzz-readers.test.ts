import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigRuleParameterError, readConfigInvocation } from "../../shared/config-rules";
import { InvalidEventError, readAcmEvent, readKmsEvent } from "../../shared/events";
import { analyseKeyPolicy, diffKeyPolicies, KeyPolicyParseError, parseKeyPolicy } from "../../shared/policy";
import { sample } from "../support/event-harness";
import { mutatedSample } from "../support/mutations";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** About 1 ms a case on the reference machine, with room to spare. */
const TIMEOUT = { timeout: Math.max(20_000, RUNS * 3) };
const BATCH = 5_000;

/**
 * fast-check in batches, yielding between them: a property is synchronous, and a long run
 * (FUZZ_RUNS=100000) would otherwise hold the test worker past its own heartbeat.
 */
async function check<T>(property: fc.IProperty<T>): Promise<void> {
  for (let done = 0; done < RUNS; done += BATCH) {
    fc.assert(property, { numRuns: Math.min(BATCH, RUNS - done) });
    await new Promise((resolve) => setImmediate(resolve));
  }
}
const deployment = { account: "111122223333", region: "eu-west-1" };
const context = {
  account: "111122223333",
  trustedAccounts: ["444455556666"],
  trustedOrganizations: ["o-a1b2c3d4e5"],
};

/** Every input ends as a reading (event resources or an ignored reason) or a typed error — nothing else. */
function endsWell(read: () => unknown, typed: (new (...args: never[]) => Error)[]) {
  try {
    const reading = read() as { resources?: unknown[]; ignored?: string };
    expect(
      Array.isArray(reading.resources) || (typeof reading.ignored === "string" && reading.ignored.length > 0),
    ).toBe(true);
  } catch (error) {
    if (!typed.some((type) => error instanceof type)) throw error;
  }
}

const kmsSamples = [
  "kms/put-key-policy-public.json",
  "kms/schedule-key-deletion.json",
  "kms/create-key.json",
  "kms/kms-cmk-rotation.json",
  "kms/enable-key-rotation.json",
];
const acmSamples = [
  "acm/approaching-expiration.json",
  "acm/health-caa-check-failure.json",
  "acm/available.json",
  "acm/export-certificate.json",
  "acm/import-certificate.json",
  "acm/put-account-configuration.json",
];
const configSamples = ["config/kms-change.json", "config/acm-oversized.json", "config/kms-scheduled.json"];

describe(`fuzzing the readers (${RUNS} cases each)`, () => {
  it("KMS events: arbitrary JSON and mutated samples", TIMEOUT, async () => {
    await check(
      fc.property(fc.oneof(fc.jsonValue(), mutatedSample(kmsSamples.map(sample))), (event) =>
        endsWell(() => readKmsEvent(event, deployment), [InvalidEventError]),
      ),
    );
  });

  it("ACM and Health events: arbitrary JSON and mutated samples", TIMEOUT, async () => {
    await check(
      fc.property(fc.oneof(fc.jsonValue(), mutatedSample(acmSamples.map(sample))), (event) =>
        endsWell(() => readAcmEvent(event, deployment), [InvalidEventError]),
      ),
    );
  });

  it("AWS Config invocations: arbitrary JSON and mutated samples", TIMEOUT, async () => {
    await check(
      fc.property(fc.oneof(fc.jsonValue(), mutatedSample(configSamples.map(sample))), (event) => {
        try {
          const request = readConfigInvocation(event);
          expect(["change", "scheduled"]).toContain(request.kind);
        } catch (error) {
          if (!(error instanceof InvalidEventError || error instanceof ConfigRuleParameterError)) throw error;
        }
      }),
    );
  });
});

/** Policies built from the grammar's pieces, so most of them parse and reach the analyser. */
const principal = fc.oneof(
  fc.constant("*"),
  fc.record({
    AWS: fc.oneof(
      fc.constant("*"),
      fc.constantFrom(
        "111122223333",
        "999988887777",
        "arn:aws:iam::444455556666:role/x",
        "AROAEXAMPLEORPHANED01",
        "arn:aws:iam::111122223333:root",
      ),
    ),
  }),
  fc.record({ Service: fc.constantFrom("logs.amazonaws.com", "sns.amazonaws.com") }),
  fc.record({
    Federated: fc.constantFrom("cognito-identity.amazonaws.com", "arn:aws:iam::111122223333:saml-provider/x"),
  }),
  fc.jsonValue(),
);
const condition = fc.dictionary(
  fc.constantFrom(
    "StringEquals",
    "StringLike",
    "ForAnyValue:StringEquals",
    "ForAllValues:StringLike",
    "StringNotEquals",
    "ArnLike",
    "StringEqualsIfExists",
    "Bool",
    "Null",
  ),
  fc.dictionary(
    fc.constantFrom(
      "aws:PrincipalOrgID",
      "aws:PrincipalAccount",
      "kms:CallerAccount",
      "aws:PrincipalArn",
      "aws:SourceVpce",
      "kms:ViaService",
      "aws:PrincipalOrgPaths",
    ),
    fc.oneof(
      fc.string(),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.constantFrom("*", "o-a1b2c3d4e5", "111122223333", "arn:aws:iam::*:role/x"),
    ),
  ),
);
const statement = fc.record(
  {
    Sid: fc.string({ maxLength: 8 }),
    Effect: fc.constantFrom("Allow", "Deny", "Maybe"),
    Principal: principal,
    NotPrincipal: principal,
    Action: fc.oneof(
      fc.constantFrom("kms:*", "*", "kms:Decrypt", "kms:Describe*"),
      fc.array(fc.string(), { maxLength: 4 }),
    ),
    NotAction: fc.constantFrom("kms:Decrypt", "kms:PutKeyPolicy"),
    Resource: fc.constant("*"),
    Condition: condition,
  },
  { requiredKeys: ["Effect"] },
);
const policy = fc.oneof(
  fc.record({
    Version: fc.constant("2012-10-17"),
    Statement: fc.oneof(statement, fc.array(statement, { maxLength: 6 })),
  }),
  fc.jsonValue(),
  fc.string(),
);

describe(`fuzzing the key-policy analyser (${RUNS} cases)`, () => {
  it("parses or refuses with KeyPolicyParseError; every grant it finds is explained", TIMEOUT, async () => {
    await check(
      fc.property(policy, policy, (before, after) => {
        let document: ReturnType<typeof parseKeyPolicy>;
        try {
          document = parseKeyPolicy(typeof after === "string" ? after : JSON.stringify(after));
        } catch (error) {
          if (error instanceof KeyPolicyParseError) return;
          throw error;
        }
        const analysis = analyseKeyPolicy(document, context);
        for (const grant of analysis.grants) expect(grant.explanation).toMatch(/^Statement .+ allows .+\.$/s);
        try {
          diffKeyPolicies(parseKeyPolicy(JSON.stringify(before)), document, context);
        } catch (error) {
          if (!(error instanceof KeyPolicyParseError)) throw error;
        }
      }),
    );
  });
});
