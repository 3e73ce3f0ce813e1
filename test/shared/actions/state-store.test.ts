import { describe, expect, it } from "vitest";
import { evidenceHash, type NotifiedState, notifiedState, transition } from "../../../shared/actions";
import type { Finding } from "../../../shared/model";

const now = new Date("2026-11-01T12:00:00Z");
const DAY = 86_400;

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  ruleId: "kms-not-pending-deletion",
  resourceType: "AWS::KMS::Key",
  resourceId: "k",
  resourceArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
  account: "111122223333",
  region: "eu-west-1",
  status: "NON_COMPLIANT",
  severity: "HIGH",
  annotation: "key k: scheduled for deletion",
  evidence: { keyState: "PendingDeletion", deletionDate: "2026-11-20T00:00:00.000Z", daysLeft: 18 },
  ...overrides,
});

const told = (f: Finding, hoursAgo: number): NotifiedState =>
  notifiedState(undefined, f, evidenceHash(f), new Date(now.getTime() - hoursAgo * 3_600_000));

describe("transition", () => {
  it.each<[string, NotifiedState | undefined, Finding, string]>([
    ["first trouble", undefined, finding(), "new"],
    ["nothing wrong, never was", undefined, finding({ status: "COMPLIANT" }), "quiet"],
    ["fixed", told(finding(), 1), finding({ status: "COMPLIANT" }), "resolved"],
    ["same trouble inside the window", told(finding(), 1), finding(), "repeat"],
    ["same trouble after the window", told(finding(), 25), finding(), "reminder"],
    [
      "a day closer: counters are not news",
      told(finding(), 1),
      finding({ evidence: { ...finding().evidence, daysLeft: 17 } }),
      "repeat",
    ],
    ["worse: severity rose", told(finding(), 1), finding({ severity: "CRITICAL" }), "changed"],
    [
      "an event said CRITICAL, the sweep says HIGH",
      told(finding({ severity: "CRITICAL" }), 1),
      finding(),
      "repeat",
    ],
    [
      "event-only facts do not make a sweep's finding new",
      told(finding({ eventEvidence: { requestedWindowDays: 7 } }), 1),
      finding(),
      "repeat",
    ],
    [
      "different evidence",
      told(finding(), 1),
      finding({ evidence: { keyState: "PendingReplicaDeletion" } }),
      "changed",
    ],
  ])("%s", (_what, previous, next, expected) => {
    expect(transition(previous, next, evidenceHash(next), now, DAY)).toBe(expected);
  });

  it("keeps the highest severity told while the trouble lasts", () => {
    const critical = told(finding({ severity: "CRITICAL" }), 1);
    expect(notifiedState(critical, finding(), evidenceHash(finding()), now).severity).toBe("CRITICAL");
    const resolved = notifiedState(critical, finding({ status: "COMPLIANT" }), "", now);
    expect(notifiedState(resolved, finding(), evidenceHash(finding()), now).severity).toBe("HIGH");
  });
});
