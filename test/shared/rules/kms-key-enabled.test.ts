import { describe, expect, it } from "vitest";
import { EXAMPLE_NOW, EXAMPLE_TRACKING_START, exampleKey } from "../../../shared/rules";
import { kmsKeyEnabled as rule } from "../../../shared/rules/kms-key-enabled";
import { run } from "../../support/run-rule";

describe("kms-key-enabled", () => {
  it("is compliant for an enabled key", () => expect(run(rule, exampleKey()).status).toBe("COMPLIANT"));

  const daysAgo = (n: number) => new Date(EXAMPLE_NOW.getTime() - n * 86_400_000);
  const disabled = (lastUsedDaysAgo?: number) =>
    exampleKey({
      key: { keyState: "Disabled" },
      lastUsage: {
        trackingStartDate: EXAMPLE_TRACKING_START,
        last:
          lastUsedDaysAgo === undefined
            ? undefined
            : { at: daysAgo(lastUsedDaysAgo), operation: "GenerateDataKey", cloudTrailEventId: "c7ab" },
      },
    });

  it("flags a disabled key, saying when it was last used", () => {
    const finding = run(rule, disabled(40));
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "MEDIUM",
      evidence: { keyState: "Disabled", lastOperation: "GenerateDataKey" },
    });
    expect(finding.annotation).toMatch(/last used 40 days ago \(GenerateDataKey, CloudTrail event c7ab\)$/);
    expect(run(rule, disabled()).annotation).toMatch(/no use recorded since KMS began tracking it/);
  });

  it("is CRITICAL for a key disabled within the recent-use window: something still depends on it", () => {
    expect(run(rule, disabled(3))).toMatchObject({ severity: "CRITICAL" });
    expect(run(rule, disabled(3)).annotation).toMatch(/something still depends on it/);
    expect(run(rule, disabled(3), { recentUseDays: 2 }).severity).toBe("MEDIUM");
  });

  it("reads the last use of disabled keys only", () => {
    const params = rule.params.parse({});
    expect(rule.needs(exampleKey(), params, EXAMPLE_NOW)).toEqual([]);
    expect(rule.needs(disabled(3), params, EXAMPLE_NOW)).toEqual(["lastUsage"]);
  });

  it("flags a key in a disconnected custom key store as HIGH", () => {
    expect(
      run(rule, exampleKey({ key: { keyState: "Unavailable", customKeyStoreId: "cks-1" } })).severity,
    ).toBe("HIGH");
  });

  it.each(["PendingDeletion", "PendingReplicaDeletion", "PendingImport", "Creating", "Updating"] as const)(
    "leaves %s keys to other rules",
    (keyState) => expect(run(rule, exampleKey({ key: { keyState } })).status).toBe("NOT_APPLICABLE"),
  );

  it("is not applicable to AWS-managed keys", () => {
    expect(run(rule, exampleKey({ key: { keyManager: "AWS", keyState: "Disabled" } })).status).toBe(
      "NOT_APPLICABLE",
    );
  });
});
