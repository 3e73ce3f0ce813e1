import { describe, expect, it } from "vitest";
import type { Finding } from "../../../shared/model";
import {
  asffFinding,
  asffId,
  asffOutcome,
  asffRecords,
  defaultProductArn,
  SECURITY_HUB_CONTROLS,
} from "../../../shared/outputs";
import { RULE_IDS } from "../../../shared/rules";
import { asffProblems } from "../../support/asff";
import { findingVariety } from "../../support/finding-variety";

const NOW = new Date("2026-06-01T12:00:00.000Z");

describe("ASFF records", () => {
  it("are valid ASFF for every shape of finding", async () => {
    const records = (await findingVariety()).flatMap((f) => asffRecords(f, NOW));
    expect(records.length).toBeGreaterThan(30);
    expect(records.flatMap((r) => asffProblems(r).map((p) => `${r.Id}: ${p}`))).toEqual([]);
  });

  it("would catch a record Security Hub rejects", async () => {
    const [record] = asffRecords((await findingVariety())[0]!, NOW);
    expect(asffProblems({ ...record!, Severity: undefined, Title: "" })).toEqual([
      "Severity is required",
      "Title must be a string of 1–256 characters",
      "Severity.Label is required and must be a label",
    ]);
    expect(asffProblems({ ...record!, UpdatedAt: "2026-06-01 12:00", Resources: [] })).toContain(
      "Resources must hold 1–32 resources",
    );
  });

  it("map status, exemption and deletion to compliance, workflow and record state", async () => {
    const [failing] = await findingVariety();
    const shape = (f: Finding) =>
      asffRecords(f, NOW).map((r) => [
        r.Id!.endsWith("/exempt"),
        r.Compliance?.Status,
        r.Workflow?.Status,
        r.RecordState,
      ]);
    expect(shape(failing!)).toEqual([[false, "FAILED", "NEW", "ACTIVE"]]);
    expect(shape({ ...failing!, status: "COMPLIANT", severity: "INFO" })).toEqual([
      [false, "PASSED", "RESOLVED", "ACTIVE"],
    ]);
    expect(shape({ ...failing!, status: "ERROR" })).toEqual([[false, "NOT_AVAILABLE", "NEW", "ACTIVE"]]);
    expect(shape({ ...failing!, status: "NOT_APPLICABLE", evidence: { deleted: true } })).toEqual([
      [false, "NOT_AVAILABLE", "NEW", "ARCHIVED"],
    ]);
    expect(shape({ ...failing!, exemption: { state: "exempt", tag: "t", reason: "r" } })).toEqual([
      [true, "FAILED", "SUPPRESSED", "ACTIVE"],
      [false, "FAILED", "NEW", "ARCHIVED"],
    ]);
    // An exemption that does not hold changes nothing.
    expect(shape({ ...failing!, exemption: { state: "expired", tag: "t", reason: "r" } })).toEqual(
      shape(failing!),
    );
  });

  it("names the rule, the account's default product and the matching control", async () => {
    const [finding] = await findingVariety();
    const record = asffFinding(
      { ...finding!, ruleId: "kms-rotation-enabled" },
      { id: "x", outcome: "open", createdAt: "a", firstObservedAt: "a", updatedAt: "b", creating: false },
    );
    expect(record.GeneratorId).toBe("kms-rotation-enabled");
    expect(record.ProductArn).toBe("arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default");
    expect(record.Compliance?.SecurityControlId).toBe("KMS.4");
    expect(record.Remediation?.Recommendation?.Url).toBe("https://keysentry.dev/rules#kms-rotation-enabled");
    // An existing record's workflow belongs to the people who triage it: never sent on an update.
    expect(record.Workflow).toBeUndefined();
  });

  it("keeps one Id per (rule, resource), and a separate one while exempt", async () => {
    const [finding] = await findingVariety();
    expect(asffId(finding!)).toBe(`keysentry/${finding!.ruleId}/${finding!.resourceArn}`);
    const reworded: Finding = { ...finding!, annotation: "other words", severity: "CRITICAL" };
    expect(asffId(reworded)).toBe(asffId(finding!));
    expect(asffId(finding!, true)).toBe(`${asffId(finding!)}/exempt`);
    expect(asffId({ ...finding!, resourceArn: "x".repeat(600) })).toMatch(/^keysentry\/[0-9a-f]{64}$/);
    expect(asffOutcome({ ...finding!, exemption: { state: "unreadable", tag: "t", reason: "r" } })).toBe(
      "open",
    );
  });

  it("maps only rules that exist, or the Private CA rule being added", () => {
    for (const id of Object.keys(SECURITY_HUB_CONTROLS))
      expect(RULE_IDS.includes(id) || id.startsWith("acmpca-")).toBe(true);
  });

  it("puts each finding in its partition's default product", async () => {
    const variety = await findingVariety();
    const china = variety.find((f) => f.region === "cn-north-1")!;
    expect(defaultProductArn(china)).toBe(
      "arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default",
    );
  });
});
