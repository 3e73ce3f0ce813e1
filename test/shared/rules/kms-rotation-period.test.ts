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

  it("is not applicable to a disabled key, read nothing: KMS does not rotate it until it is enabled", () => {
    const snapshot = exampleKey({ key: { keyState: "Disabled" }, rotation: rotation(365, -300) });
    expect(needs(rule, snapshot)).toEqual([]);
    expect(run(rule, { ...snapshot, lastRotation: UNREAD }).status).toBe("NOT_APPLICABLE");
  });

  it("is not applicable when rotation is off or unsupported", () => {
    expect(run(rule, exampleKey({ rotation: { supported: true, enabled: false } })).annotation).toMatch(
      /see kms-rotation-enabled/,
    );
    expect(run(rule, exampleKey({ key: { keySpec: "ECC_NIST_P256" } })).status).toBe("NOT_APPLICABLE");
  });

  it("is not applicable to a key spec it does not know, never a guess", () => {
    const finding = run(rule, exampleKey({ key: { keySpec: "ML_DSA_128" } }));
    expect(finding.status).toBe("NOT_APPLICABLE");
    expect(finding.annotation).toMatch(/key spec ML_DSA_128 is not known to this version of keysentry/);
  });

  it("rejects a maximum outside what KMS allows", () => {
    expect(() => rule.params.parse({ maxPeriodDays: 3000 })).toThrow();
    expect(() => rule.params.parse({ maxPeriodDays: 30 })).toThrow();
  });
});

describe("kms-rotation-period on imported key material", () => {
  const material = (rotatedDaysAgo?: number) => ({
    id: "b".repeat(64),
    state: "CURRENT",
    importState: "IMPORTED",
    expirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
    rotationDate: rotatedDaysAgo === undefined ? undefined : days(-rotatedDaysAgo),
  });
  const imported = (rotatedDaysAgo?: number, createdDaysAgo = 500) =>
    exampleKey({
      key: { origin: "EXTERNAL", creationDate: days(-createdDaysAgo) },
      rotation: { supported: false },
      keyMaterials: { current: material(rotatedDaysAgo), others: [] },
    });

  it("reads the materials, never the rotation status, of an imported symmetric key", () => {
    expect(needs(rule, imported(10))).toEqual(["keyMaterials"]);
  });

  it("is compliant for material rotated in within the period", () => {
    const finding = run(rule, imported(100));
    expect(finding).toMatchObject({ status: "COMPLIANT", evidence: { keyMaterialId: "b".repeat(64) } });
    expect(finding.annotation).toMatch(/rotated in on 2026-02-21: 100 days, within 365/);
  });

  it("flags material imported more than the period ago, with what to do", () => {
    const finding = run(rule, imported(400));
    expect(finding).toMatchObject({ status: "NON_COMPLIANT", severity: "HIGH" });
    expect(finding.annotation).toMatch(/400 days, past the 365-day maximum; import new material/);
    expect(run(rule, imported(400), { maxPeriodDays: 450 }).status).toBe("COMPLIANT");
  });

  it("counts the first material from the key's creation: it carries no date", () => {
    expect(run(rule, imported(undefined, 500)).annotation).toMatch(/never rotated since the key was created/);
    expect(run(rule, imported(undefined, 500)).status).toBe("NON_COMPLIANT");
    expect(run(rule, imported(undefined, 200)).status).toBe("COMPLIANT");
  });

  it("applies no grace: imported material has no schedule to be late against", () => {
    expect(run(rule, imported(370)).status).toBe("NON_COMPLIANT");
  });

  it("is not applicable where rotation is impossible, saying why", () => {
    const hmac = exampleKey({
      key: { origin: "EXTERNAL", keySpec: "HMAC_256" },
      rotation: { supported: false },
    });
    expect(run(rule, hmac).annotation).toMatch(
      /imported HMAC_256 key material cannot change after its first import/,
    );
    expect(
      run(rule, exampleKey({ key: { origin: "EXTERNAL", keyState: "PendingImport" } })).annotation,
    ).toMatch(/key is PendingImport/);
  });
});
