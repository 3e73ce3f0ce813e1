import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigRuleParameterError } from "../../shared/config-rules";
import { InvalidEventError } from "../../shared/events";
import { EvaluationIncompleteError } from "../../shared/pipeline";
import { HARNESS_SETTINGS, type Harness, sample, useHarness } from "../support/event-harness";
import { mutatedSample } from "../support/mutations";

/**
 * Through the real handlers and the local endpoint: 5,000 cases each in `npm test` (about 3.5 ms
 * a case for the KMS handler: half the other fuzzers' count keeps the suite within its time),
 * FUZZ_RUNS=100000 for 100,000 each.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);
const TIMEOUT = { timeout: Math.max(120_000, RUNS * 10) };
const WRITES = new Set([
  "EnableKey",
  "EnableKeyRotation",
  "CancelKeyDeletion",
  "PutKeyPolicy",
  "TagResource",
  "DisableKey",
  "ScheduleKeyDeletion",
]);
const TYPED = [InvalidEventError, ConfigRuleParameterError, EvaluationIncompleteError];

const start = useHarness();
let harness: Harness;

/** Every rule that can remediate is set to, and every sample is about a compliant resource: any write would be a bug. */
const SETTINGS = {
  ...HARNESS_SETTINGS,
  rules: { ...HARNESS_SETTINGS.rules, "kms-key-enabled": { mode: "remediate" } },
};

async function survives(
  run: (event: unknown) => Promise<{ findings: unknown[]; ignored: unknown[] }>,
  event: unknown,
) {
  try {
    const result = await run(event);
    expect(Array.isArray(result.findings) && Array.isArray(result.ignored)).toBe(true);
  } catch (error) {
    if (!TYPED.some((type) => error instanceof type)) throw error;
  }
}

describe(`fuzzing the handlers (${RUNS} cases each)`, () => {
  it("kms-events: no unhandled exception, no write", TIMEOUT, async () => {
    harness = await start(SETTINGS);
    const samples = [
      "kms/enable-key.json",
      "kms/kms-cmk-rotation.json",
      "kms/create-grant.json",
      "malformed/claims-public-policy-on-compliant-key.json",
    ].map(sample);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), mutatedSample(samples)), (event) =>
        survives(harness.kms, event),
      ),
      { numRuns: RUNS },
    );
    expect(harness.aws.calls.filter((c) => WRITES.has(c.operation))).toEqual([]);
  });

  it("acm-events: no unhandled exception, no write", TIMEOUT, async () => {
    harness = await start(SETTINGS);
    const samples = [
      "acm/available.json",
      "acm/approaching-expiration.json",
      "acm/health-renewal-state-change.json",
    ].map(sample);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), mutatedSample(samples)), (event) =>
        survives(harness.acm, event),
      ),
      { numRuns: RUNS },
    );
    expect(harness.aws.calls.filter((c) => WRITES.has(c.operation))).toEqual([]);
  });

  it("config-rule: no unhandled exception, no write", TIMEOUT, async () => {
    harness = await start(SETTINGS);
    const samples = ["config/kms-change.json", "config/acm-oversized.json", "config/kms-deleted.json"].map(
      sample,
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), mutatedSample(samples)), (event) =>
        survives(async (e) => harness.configRule(e), event),
      ),
      { numRuns: RUNS },
    );
    expect(harness.aws.calls.filter((c) => WRITES.has(c.operation))).toEqual([]);
  });
});
