import { describe, expect, it } from "vitest";
import { read, UNREAD } from "../../../shared/model";
import { EXAMPLE_NOW, exampleKey } from "../../../shared/rules";
import { kmsRotationPeriod as rule } from "../../../shared/rules/kms-rotation-period";
import { needs, run } from "../../support/run-rule";

const days = (n: number) => new Date(EXAMPLE_NOW.getTime() + n * 86_400_000);
const rotation = (periodDays: number, nextInDays?: number) => ({
  supported: true as const,
  enabled: true,
  periodDays,
  nextRotationDate: nextInDays === undefined ? undefined : days(nextInDays),
});

describe("kms-rotation-period", () => {
  it("is compliant on schedule, without reading the rotation history", () => {
    const snapshot = exampleKey({ rotation: rotation(365, 100) });
    expect(needs(rule, snapshot)).toEqual(["rotation"]);
    expect(run(rule, snapshot)).toMatchObject({ status: "COMPLIANT" });
  });

  it("flags a period longer than the maximum", () => {
    const finding = run(rule, exampleKey({ rotation: rotation(730, 400) }));
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "MEDIUM",
      evidence: { rotationPeriodInDays: 730, maxPeriodDays: 365 },
    });
  });

  it("takes the maximum from the parameters", () => {
    expect(run(rule, exampleKey({ rotation: rotation(730, 400) }), { maxPeriodDays: 800 }).status).toBe(
      "COMPLIANT",
    );
  });

  it("asks for the rotation history only when the next rotation date has passed beyond the grace", () => {
    expect(needs(rule, exampleKey({ rotation: rotation(365, -3) }))).toEqual(["rotation"]);
    expect(needs(rule, exampleKey({ rotation: rotation(365, -30) }))).toEqual(["rotation", "lastRotation"]);
  });

  it("flags rotation overdue from the history", () => {
    const snapshot = {
      ...exampleKey({ rotation: rotation(365, -30) }),
      lastRotation: read({ date: days(-400), type: "AUTOMATIC" as const }),
    };
    const finding = run(rule, snapshot);
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
      evidence: { overdueDays: 28 },
    });
    expect(finding.annotation).toMatch(/last rotated .* 28 days overdue/);
  });

  it("counts from creation when the key never rotated", () => {
    const snapshot = {
      ...exampleKey({ key: { creationDate: days(-500) }, rotation: rotation(365, -100) }),
      lastRotation: read(null),
    };
    expect(run(rule, snapshot).annotation).toMatch(/never rotated since creation/);
  });

  it("trusts a recent rotation over a stale next-rotation date", () => {
    const snapshot = {
      ...exampleKey({ rotation: rotation(365, -30) }),
      lastRotation: read({ date: days(-10), type: "ON_DEMAND" as const }),
    };
    expect(run(rule, snapshot).status).toBe("COMPLIANT");
  });

  it("checks only the period of a disabled key: KMS does not rotate it", () => {
    const snapshot = exampleKey({ key: { keyState: "Disabled" }, rotation: rotation(365, -300) });
    expect(needs(rule, snapshot)).toEqual(["rotation"]);
    expect(run(rule, { ...snapshot, lastRotation: UNREAD }).status).toBe("COMPLIANT");
  });

  it("is not applicable when rotation is off or unsupported", () => {
    expect(run(rule, exampleKey({ rotation: { supported: true, enabled: false } })).annotation).toMatch(
      /see kms-rotation-enabled/,
    );
    expect(run(rule, exampleKey({ key: { keySpec: "ECC_NIST_P256" } })).status).toBe("NOT_APPLICABLE");
  });

  it("rejects a maximum outside what KMS allows", () => {
    expect(() => rule.params.parse({ maxPeriodDays: 3000 })).toThrow();
    expect(() => rule.params.parse({ maxPeriodDays: 30 })).toThrow();
  });
});
