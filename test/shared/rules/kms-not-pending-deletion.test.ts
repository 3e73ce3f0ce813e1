import { describe, expect, it } from "vitest";
import { EXAMPLE_NOW, exampleKey } from "../../../shared/rules";
import { kmsNotPendingDeletion as rule } from "../../../shared/rules/kms-not-pending-deletion";
import { run } from "../../support/run-rule";

const inDays = (n: number) => new Date(EXAMPLE_NOW.getTime() + n * 86_400_000);

describe("kms-not-pending-deletion", () => {
  it("is compliant for an enabled or disabled key", () => {
    expect(run(rule, exampleKey()).status).toBe("COMPLIANT");
    expect(run(rule, exampleKey({ key: { keyState: "Disabled" } })).status).toBe("COMPLIANT");
  });

  it("is HIGH with time left and CRITICAL in the last days", () => {
    expect(
      run(rule, exampleKey({ key: { keyState: "PendingDeletion", deletionDate: inDays(20) } })),
    ).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
      evidence: { daysLeft: 20 },
    });
    expect(
      run(rule, exampleKey({ key: { keyState: "PendingDeletion", deletionDate: inDays(5) } })).severity,
    ).toBe("CRITICAL");
    expect(
      run(rule, exampleKey({ key: { keyState: "PendingDeletion", deletionDate: inDays(10) } }), {
        criticalWithinDays: 14,
      }).severity,
    ).toBe("CRITICAL");
  });

  it("flags a primary waiting on replica deletion, CRITICAL below the minimum window", () => {
    const snapshot = exampleKey({
      key: { keyState: "PendingReplicaDeletion", pendingDeletionWindowInDays: 7 },
    });
    expect(run(rule, snapshot).severity).toBe("CRITICAL");
    expect(run(rule, snapshot, { minimumWindowDays: 7 }).severity).toBe("HIGH");
  });

  it("is not applicable to AWS-managed keys", () => {
    expect(run(rule, exampleKey({ key: { keyManager: "AWS" } })).status).toBe("NOT_APPLICABLE");
  });

  it("accepts minimum windows of 7 to 30 days only", () => {
    expect(() => rule.params.parse({ minimumWindowDays: 6 })).toThrow();
    expect(rule.params.parse({}).minimumWindowDays).toBe(30);
  });
});

describe("kms-not-pending-deletion with the ScheduleKeyDeletion event", () => {
  const scheduled = (requestedDeletionWindowDays: number) => ({
    ...exampleKey({
      key: { keyState: "PendingDeletion", deletionDate: inDays(requestedDeletionWindowDays) },
    }),
    event: { requestedDeletionWindowDays },
  });

  it("is CRITICAL at once when the window is below the minimum", () => {
    const finding = run(rule, scheduled(7));
    expect(finding).toMatchObject({ severity: "CRITICAL", eventEvidence: { requestedWindowDays: 7 } });
    expect(finding.annotation).toMatch(/with a 7-day window, below the 30-day minimum/);
  });

  it("stays HIGH for a window at the minimum", () => {
    expect(run(rule, scheduled(30)).severity).toBe("HIGH");
    expect(run(rule, scheduled(10), { minimumWindowDays: 7 }).severity).toBe("HIGH");
  });

  it("decides from the fresh read: a key no longer pending deletion is compliant whatever the event said", () => {
    expect(run(rule, { ...exampleKey(), event: { requestedDeletionWindowDays: 7 } }).status).toBe(
      "COMPLIANT",
    );
  });
});
