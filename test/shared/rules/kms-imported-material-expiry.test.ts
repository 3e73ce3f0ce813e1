import { describe, expect, it } from "vitest";
import type { KeyMaterial } from "../../../shared/model";
import { EXAMPLE_NOW, exampleKey } from "../../../shared/rules";
import { kmsImportedMaterialExpiry as rule } from "../../../shared/rules/kms-imported-material-expiry";
import { needs, run } from "../../support/run-rule";

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

  it("is not applicable to KMS-generated material, to keys pending deletion and to unknown key specs", () => {
    expect(run(rule, exampleKey()).status).toBe("NOT_APPLICABLE");
    expect(run(rule, imported(inDays(3), "PendingDeletion")).status).toBe("NOT_APPLICABLE");
    const future = exampleKey({ key: { origin: "EXTERNAL", keySpec: "AES_512_FUTURE" } });
    expect(needs(rule, future)).toEqual([]);
    expect(run(rule, future).annotation).toMatch(
      /key spec AES_512_FUTURE is not known to this version of keysentry/,
    );
  });
});

describe("kms-imported-material-expiry on a key holding several materials", () => {
  const material = (state: string, validTo?: Date, id = state.toLowerCase()): KeyMaterial => ({
    id,
    state,
    importState: "IMPORTED",
    expirationModel: validTo ? "KEY_MATERIAL_EXPIRES" : "KEY_MATERIAL_DOES_NOT_EXPIRE",
    validTo,
  });
  /** DescribeKey's ValidTo is the earliest expiry of any material; the current one is judged. */
  const holding = (current: KeyMaterial, others: KeyMaterial[]) =>
    exampleKey({
      key: {
        origin: "EXTERNAL",
        expirationModel: "KEY_MATERIAL_EXPIRES",
        validTo: inDays(2),
      },
      rotation: { supported: false },
      keyMaterials: { current, others },
    });

  it("reads the materials of a symmetric key and judges the current one, not the earliest", () => {
    const snapshot = holding(material("CURRENT", inDays(200)), [material("NON_CURRENT", inDays(2))]);
    expect(needs(rule, snapshot)).toEqual(["keyMaterials"]);
    expect(run(rule, snapshot)).toMatchObject({
      status: "COMPLIANT",
      evidence: { keyMaterialId: "current" },
    });
    const expiring = holding(material("CURRENT", inDays(5)), [material("NON_CURRENT")]);
    expect(run(rule, expiring)).toMatchObject({ status: "NON_COMPLIANT", severity: "CRITICAL" });
    expect(run(rule, expiring).annotation).toMatch(/current key material expires 2026-06-06 \(5 days left\)/);
  });

  it("flags new material imported for a rotation that has not happened", () => {
    const finding = run(
      rule,
      holding(material("CURRENT"), [material("PENDING_ROTATION", undefined, "next")]),
    );
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "MEDIUM",
      evidence: { pendingMaterials: [{ id: "next", state: "PENDING_ROTATION" }] },
    });
    expect(finding.annotation).toMatch(/RotateKeyOnDemand completes the rotation/);
    const replicas = run(
      rule,
      holding(material("CURRENT"), [material("PENDING_MULTI_REGION_IMPORT_AND_ROTATION")]),
    );
    expect(replicas.annotation).toMatch(/not into every replica/);
  });

  it("keeps expiry first when material is both expiring and waiting to be rotated in", () => {
    const finding = run(rule, holding(material("CURRENT", inDays(20)), [material("PENDING_ROTATION")]));
    expect(finding).toMatchObject({ severity: "HIGH" });
    expect(finding.annotation).toMatch(/expires .*; new key material was imported for rotation/);
  });

  it("takes an asymmetric key's one material from DescribeKey, without a read", () => {
    const signing = exampleKey({
      key: {
        origin: "EXTERNAL",
        keySpec: "ECC_NIST_P256",
        keyUsage: "SIGN_VERIFY",
        expirationModel: "KEY_MATERIAL_EXPIRES",
        validTo: inDays(10),
      },
      rotation: { supported: false },
    });
    expect(needs(rule, signing)).toEqual([]);
    expect(run(rule, signing)).toMatchObject({ status: "NON_COMPLIANT", severity: "HIGH" });
  });
});
