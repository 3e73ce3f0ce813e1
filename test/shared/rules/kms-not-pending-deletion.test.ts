import { describe, expect, it } from "vitest";
import type { KeyMetadata } from "../../../shared/model";
import { EXAMPLE_NOW, EXAMPLE_TRACKING_START, exampleKey } from "../../../shared/rules";
import { kmsNotPendingDeletion as rule } from "../../../shared/rules/kms-not-pending-deletion";
import { run } from "../../support/run-rule";

const inDays = (n: number) => new Date(EXAMPLE_NOW.getTime() + n * 86_400_000);
/** A key last used long ago: its severity is the deletion's own. */
const idle = (key: Partial<KeyMetadata>) =>
  exampleKey({
    key,
    lastUsage: {
      trackingStartDate: EXAMPLE_TRACKING_START,
      last: { at: inDays(-400), operation: "Encrypt", cloudTrailEventId: "e1" },
    },
  });

describe("kms-not-pending-deletion", () => {
  it("is compliant for an enabled or disabled key", () => {
    expect(run(rule, exampleKey()).status).toBe("COMPLIANT");
    expect(run(rule, exampleKey({ key: { keyState: "Disabled" } })).status).toBe("COMPLIANT");
  });

  it("is HIGH with time left and CRITICAL in the last days", () => {
    expect(run(rule, idle({ keyState: "PendingDeletion", deletionDate: inDays(20) }))).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
      evidence: { daysLeft: 20 },
    });
    expect(run(rule, idle({ keyState: "PendingDeletion", deletionDate: inDays(5) })).severity).toBe(
      "CRITICAL",
    );
    expect(
      run(rule, idle({ keyState: "PendingDeletion", deletionDate: inDays(10) }), {
        criticalWithinDays: 14,
      }).severity,
    ).toBe("CRITICAL");
  });

  it("flags a primary waiting on replica deletion, CRITICAL below the minimum window", () => {
    const snapshot = idle({ keyState: "PendingReplicaDeletion", pendingDeletionWindowInDays: 7 });
    expect(run(rule, snapshot).severity).toBe("CRITICAL");
    expect(run(rule, snapshot, { minimumWindowDays: 7 }).severity).toBe("HIGH");
  });

  it("says when the key was last used, and is CRITICAL whatever the window when that was recent", () => {
    const pending = { keyState: "PendingDeletion" as const, deletionDate: inDays(25) };
    const finding = run(
      rule,
      exampleKey({
        key: pending,
        lastUsage: {
          trackingStartDate: EXAMPLE_TRACKING_START,
          last: {
            at: new Date(EXAMPLE_NOW.getTime() - 2 * 3_600_000),
            operation: "Decrypt",
            cloudTrailEventId: "0a1b",
          },
        },
      }),
    );
    expect(finding).toMatchObject({
      severity: "CRITICAL",
      evidence: {
        lastOperation: "Decrypt",
        cloudTrailEventId: "0a1b",
        lastUsedAt: "2026-05-31T22:00:00.000Z",
      },
    });
    expect(finding.annotation).toMatch(
      /scheduled for deletion in 25 days \(2026-06-26\); last used 2 hours ago \(Decrypt, CloudTrail event 0a1b\): something still depends on it/,
    );
    expect(run(rule, idle(pending), { recentUseDays: 365 }).severity).toBe("HIGH");
  });

  it("says a year without use and keeps the rule's severity", () => {
    const finding = run(rule, idle({ keyState: "PendingDeletion", deletionDate: inDays(25) }));
    expect(finding.severity).toBe("HIGH");
    expect(finding.annotation).toMatch(
      /last used 400 days ago \(Encrypt, CloudTrail event e1\); CancelKeyDeletion/,
    );
    const never = exampleKey({
      key: { keyState: "PendingDeletion", deletionDate: inDays(25) },
      lastUsage: { trackingStartDate: EXAMPLE_TRACKING_START },
    });
    expect(run(rule, never)).toMatchObject({ severity: "HIGH", evidence: { lastUsedAt: null } });
    expect(run(rule, never).annotation).toMatch(/no use recorded since KMS began tracking it on 2026-04-27/);
  });

  it("reads the last use only for keys pending deletion, and reports the deletion when that read fails", () => {
    expect(rule.needs(exampleKey(), rule.params.parse({}), EXAMPLE_NOW)).toEqual([]);
    const pending = exampleKey({ key: { keyState: "PendingDeletion", deletionDate: inDays(25) } });
    expect(rule.needs(pending, rule.params.parse({}), EXAMPLE_NOW)).toEqual(["lastUsage"]);
    const denied = {
      ...pending,
      lastUsage: {
        state: "failed" as const,
        failure: { code: "AccessDeniedException", message: "no", operation: "GetKeyLastUsage" },
      },
    };
    expect(rule.needs(denied, rule.params.parse({}), EXAMPLE_NOW)).toEqual([]);
    expect(run(rule, denied)).toMatchObject({ status: "NON_COMPLIANT", severity: "HIGH" });
    expect(run(rule, denied).annotation).toMatch(
      /last use unknown \(GetKeyLastUsage: AccessDeniedException\)/,
    );
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
    ...idle({ keyState: "PendingDeletion", deletionDate: inDays(requestedDeletionWindowDays) }),
    event: { requestedDeletionWindowDays },
  });

  it("is CRITICAL at once when the window is below the minimum", () => {
    const finding = run(rule, scheduled(7));
    expect(finding).toMatchObject({ severity: "CRITICAL", eventEvidence: { requestedWindowDays: 7 } });
    expect(finding.annotation).toMatch(/in 7 days \(2026-06-08, a 7-day window under the 30-day minimum\)/);
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
