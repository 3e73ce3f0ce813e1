import { describe, expect, it } from "vitest";
import { applyExemptions, describeExemption, exemptionFor, exemptionSource } from "../../../shared/engine";
import type { Finding } from "../../../shared/model";
import { read } from "../../../shared/model";

const now = new Date("2026-11-01T00:00:00Z");
const names = {
  tag: "keysentry:exempt",
  untilTag: "keysentry:exempt-until",
  reasonTag: "keysentry:exempt-reason",
};

describe("exemptionFor", () => {
  it.each([
    [{}, "kms-key-enabled", undefined],
    [
      { "keysentry:exempt": "all" },
      "kms-key-enabled",
      { state: "exempt", tag: "keysentry:exempt", reason: "tagged keysentry:exempt=all" },
    ],
    [
      {
        "keysentry:exempt": "kms-rotation-enabled, kms-key-enabled",
        "keysentry:exempt-reason": "HSM migration",
      },
      "kms-key-enabled",
      { state: "exempt", tag: "keysentry:exempt", reason: "HSM migration" },
    ],
    [{ "keysentry:exempt": "kms-rotation-enabled" }, "kms-key-enabled", undefined],
    [
      { "keysentry:exempt": "ALL", "keysentry:exempt-until": "2026-12-31" },
      "kms-key-enabled",
      {
        state: "exempt",
        tag: "keysentry:exempt",
        reason: "tagged keysentry:exempt=ALL",
        until: "2026-12-31",
      },
    ],
    [
      { "keysentry:exempt": "all", "keysentry:exempt-until": "2026-10-01" },
      "kms-key-enabled",
      {
        state: "expired",
        tag: "keysentry:exempt",
        reason: "the exemption ended on 2026-10-01",
        until: "2026-10-01",
      },
    ],
    [
      { "keysentry:exempt": "all", "keysentry:exempt-until": "next quarter" },
      "kms-key-enabled",
      {
        state: "invalid",
        tag: "keysentry:exempt",
        reason: 'keysentry:exempt-until="next quarter" is not a date',
      },
    ],
  ])("%j for %s", (tags, ruleId, expected) => {
    expect(exemptionFor(tags, ruleId, now)).toEqual(expected);
  });

  it("uses the configured tag names", () => {
    expect(
      exemptionFor({ "sec:waiver": "all" }, "kms-key-enabled", now, {
        tag: "sec:waiver",
        untilTag: "sec:waiver-until",
        reasonTag: "sec:waiver-reason",
      }),
    ).toMatchObject({ state: "exempt", tag: "sec:waiver" });
  });

  it("reads as the outputs show it", () => {
    const exemption = exemptionFor(
      {
        "keysentry:exempt": "all",
        "keysentry:exempt-until": "2027-06-30",
        "keysentry:exempt-reason": "vendor fix due",
      },
      "kms-key-enabled",
      now,
    );
    expect(describeExemption(exemption!)).toBe("exempt until 2027-06-30: vendor fix due");
  });
});

describe("applyExemptions", () => {
  const finding = (status: Finding["status"]): Finding => ({
    ruleId: "kms-key-enabled",
    resourceType: "AWS::KMS::Key",
    resourceId: "k",
    resourceArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
    account: "111122223333",
    region: "eu-west-1",
    status,
    severity: "MEDIUM",
    annotation: "key k: disabled",
    evidence: {},
  });

  it("marks trouble only", () => {
    const [bad, fine] = applyExemptions(
      [finding("NON_COMPLIANT"), finding("COMPLIANT")],
      read({ "keysentry:exempt": "all" }),
      names,
      now,
    );
    expect(bad?.exemption?.state).toBe("exempt");
    expect(fine?.exemption).toBeUndefined();
  });

  it("never fails open: tags that cannot be read make the exemption unreadable, not absent", () => {
    const [bad] = applyExemptions(
      [finding("NON_COMPLIANT")],
      {
        state: "failed",
        failure: { code: "AccessDeniedException", message: "no", operation: "ListResourceTags" },
      },
      names,
      now,
    );
    expect(bad?.exemption).toMatchObject({ state: "unreadable" });
    expect(bad?.exemption?.reason).toMatch(/could not be read \(ListResourceTags: AccessDeniedException\)/);
  });
});

describe("exemptionSource", () => {
  it("holds the bulk read's tags, or why it failed so each resource's own tags are read", async () => {
    const tagged = new Map([["arn:aws:kms:eu-west-1:111122223333:key/k", { "keysentry:exempt": "all" }]]);
    expect(await exemptionSource(names, { taggedWith: async () => tagged })).toEqual({
      names,
      tagged,
    });
    const denied = Object.assign(new Error("not authorized"), { name: "AccessDeniedException" });
    expect(
      await exemptionSource(names, {
        taggedWith: async () => {
          throw denied;
        },
      }),
    ).toEqual({
      names,
      bulkFailure: { code: "AccessDeniedException", message: "not authorized", operation: "GetResources" },
    });
    expect(await exemptionSource(names, undefined)).toEqual({ names });
  });
});
