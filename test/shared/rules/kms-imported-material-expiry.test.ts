import { describe, expect, it } from "vitest";
import { EXAMPLE_NOW, exampleKey } from "../../../shared/rules";
import { kmsImportedMaterialExpiry as rule } from "../../../shared/rules/kms-imported-material-expiry";
import { run } from "../../support/run-rule";

const inDays = (n: number) => new Date(EXAMPLE_NOW.getTime() + n * 86_400_000);
const imported = (validTo?: Date, keyState: "Enabled" | "PendingImport" | "PendingDeletion" = "Enabled") =>
  exampleKey({
    key: {
      origin: "EXTERNAL",
      keyState,
      expirationModel: validTo ? "KEY_MATERIAL_EXPIRES" : "KEY_MATERIAL_DOES_NOT_EXPIRE",
      validTo,
    },
    rotation: { supported: false },
  });

describe("kms-imported-material-expiry", () => {
  it("is compliant beyond the lead time or when material never expires", () => {
    expect(run(rule, imported(inDays(90))).status).toBe("COMPLIANT");
    expect(run(rule, imported()).status).toBe("COMPLIANT");
  });

  it("flags material expiring within the lead time, CRITICAL in the last week", () => {
    expect(run(rule, imported(inDays(20)))).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
      evidence: { daysLeft: 20 },
    });
    expect(run(rule, imported(inDays(3))).severity).toBe("CRITICAL");
    expect(run(rule, imported(inDays(50)), { leadTimeDays: 60 }).status).toBe("NON_COMPLIANT");
  });

  it("flags a key left without material", () => {
    expect(run(rule, imported(undefined, "PendingImport")).annotation).toMatch(/no key material/);
  });

  it("is not applicable to KMS-generated material and to keys pending deletion", () => {
    expect(run(rule, exampleKey()).status).toBe("NOT_APPLICABLE");
    expect(run(rule, imported(inDays(3), "PendingDeletion")).status).toBe("NOT_APPLICABLE");
  });
});
