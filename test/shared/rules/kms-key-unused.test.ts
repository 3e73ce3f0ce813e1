import { describe, expect, it } from "vitest";
import type { KeyMetadata, LastUsage } from "../../../shared/model";
import { EXAMPLE_TRACKING_START, exampleKey } from "../../../shared/rules";
import { kmsKeyUnused as rule } from "../../../shared/rules/kms-key-unused";
import { needs, run } from "../../support/run-rule";

/** Tracking began in April 2026: from October a key can have gone 180 days unused on record. */
const NOW = new Date("2026-12-01T00:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const key = (lastUsage: LastUsage, meta: Partial<KeyMetadata> = {}) =>
  exampleKey({ key: { creationDate: daysAgo(700), ...meta }, lastUsage });
const usedDaysAgo = (n: number) =>
  key({
    trackingStartDate: EXAMPLE_TRACKING_START,
    last: { at: daysAgo(n), operation: "Sign", cloudTrailEventId: "9d2e" },
  });
const check = (snapshot: ReturnType<typeof key>, params = {}) => run(rule, snapshot, params, NOW);

describe("kms-key-unused", () => {
  it("is compliant for a key used within the period", () => {
    const finding = check(usedDaysAgo(12));
    expect(finding).toMatchObject({
      status: "COMPLIANT",
      evidence: { lastOperation: "Sign", unusedDays: 180 },
    });
    expect(finding.annotation).toMatch(/last used 12 days ago \(Sign, CloudTrail event 9d2e\)/);
  });

  it("flags a key unused for the period, advising to disable and watch before deleting", () => {
    const finding = check(usedDaysAgo(190));
    expect(finding).toMatchObject({ status: "NON_COMPLIANT", severity: "LOW" });
    expect(finding.annotation).toMatch(
      /last used 2026-05-25 \(Sign\): 190 days unused, past the 180-day limit; disable it and watch CloudTrail for DisabledException before scheduling deletion/,
    );
    expect(check(usedDaysAgo(190), { unusedDays: 365 }).status).toBe("COMPLIANT");
  });

  it("counts a key never used from TrackingStartDate, not from its creation", () => {
    const never = key({ trackingStartDate: EXAMPLE_TRACKING_START });
    // Created 700 days ago, but tracked since 2026-04-27: 218 days without use on record.
    expect(check(never)).toMatchObject({ status: "NON_COMPLIANT", evidence: { lastUsedAt: null } });
    expect(check(never).annotation).toMatch(/no use recorded since KMS began tracking it on 2026-04-27/);
    const tracked = key({ trackingStartDate: daysAgo(100) });
    expect(check(tracked)).toMatchObject({ status: "COMPLIANT" });
    expect(check(tracked).annotation).toMatch(/judged from 2027-02-19/);
  });

  it("decides a key younger than the period without reading its last use", () => {
    const young = key({ trackingStartDate: daysAgo(20) }, { creationDate: daysAgo(20) });
    expect(needs(rule, young, {}, NOW)).toEqual([]);
    expect(check(young).status).toBe("COMPLIANT");
    expect(needs(rule, usedDaysAgo(190), {}, NOW)).toEqual(["lastUsage"]);
  });

  it.each([
    ["AWS-managed", { keyManager: "AWS" as const }, /AWS-managed/],
    ["disabled", { keyState: "Disabled" as const }, /already disabled/],
    ["pending deletion", { keyState: "PendingDeletion" as const }, /pending deletion/],
    ["PendingImport", { keyState: "PendingImport" as const }, /cannot be used/],
  ])("is not applicable to %s keys and reads nothing", (_name, meta, reason) => {
    const snapshot = key({ trackingStartDate: EXAMPLE_TRACKING_START }, meta);
    expect(needs(rule, snapshot, {}, NOW)).toEqual([]);
    expect(check(snapshot)).toMatchObject({ status: "NOT_APPLICABLE" });
    expect(check(snapshot).annotation).toMatch(reason);
  });

  it("judges keys of every spec alike: last use does not depend on it", () => {
    for (const keySpec of ["ML_DSA_65", "ML_KEM_768", "ECC_NIST_EDWARDS25519", "SM2", "NOT_YET_INVENTED"])
      expect(check(key({ trackingStartDate: EXAMPLE_TRACKING_START }, { keySpec })).status).toBe(
        "NON_COMPLIANT",
      );
  });

  it("accepts periods of 30 days to three years", () => {
    expect(() => rule.params.parse({ unusedDays: 7 })).toThrow();
    expect(rule.params.parse({}).unusedDays).toBe(180);
  });
});
