import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigRuleParameterError } from "../../shared/config-rules";
import { InvalidEventError } from "../../shared/events";
import { EvaluationIncompleteError } from "../../shared/pipeline";
import { HARNESS_SETTINGS, type Harness, sample, useHarness } from "./event-harness";
import { mutatedSample } from "./mutations";

/**
 * Through the real handlers and the local endpoint: 10,000 cases each in `npm test` (about 3.5 ms
 * a case for the KMS handler), FUZZ_RUNS=100000 for 100,000 each. One file per handler, so the
 * three share the test workers.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
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

/** Every rule that can remediate is set to, and every sample is about a compliant resource: any write would be a bug. */
const SETTINGS = {
  ...HARNESS_SETTINGS,
  rules: { ...HARNESS_SETTINGS.rules, "kms-key-enabled": { mode: "remediate" } },
};

type Handle = (event: unknown) => Promise<{ findings: unknown[]; ignored: unknown[] }>;

async function survives(run: Handle, event: unknown) {
  try {
    const result = await run(event);
    expect(Array.isArray(result.findings) && Array.isArray(result.ignored)).toBe(true);
  } catch (error) {
    if (!TYPED.some((type) => error instanceof type)) throw error;
  }
}

/** Random JSON and mutations of these samples through one handler: only typed errors, never a write. */
export function fuzzHandler(name: string, samples: string[], handler: (harness: Harness) => Handle): void {
  const start = useHarness();
  describe(`fuzzing the ${name} handler (${RUNS} cases)`, () => {
    it("throws nothing but typed errors and writes nothing", TIMEOUT, async () => {
      const harness = await start(SETTINGS);
      const run = handler(harness);
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), mutatedSample(samples.map(sample))), (event) =>
          survives(run, event),
        ),
        { numRuns: RUNS },
      );
      expect(harness.aws.calls.filter((c) => WRITES.has(c.operation))).toEqual([]);
    });
  });
}
