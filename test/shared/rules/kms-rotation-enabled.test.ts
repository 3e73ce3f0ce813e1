import { describe, expect, it } from "vitest";
import { exampleKey } from "../../../shared/rules";
import { kmsRotationEnabled as rule } from "../../../shared/rules/kms-rotation-enabled";
import { needs, run } from "../../support/run-rule";

describe("kms-rotation-enabled", () => {
  it("is compliant when rotation is on", () => {
    expect(run(rule, exampleKey())).toMatchObject({ status: "COMPLIANT", severity: "INFO" });
  });

  it("is non-compliant when rotation is off, naming the alias", () => {
    const finding = run(rule, exampleKey({ rotation: { supported: true, enabled: false } }));
    expect(finding).toMatchObject({ status: "NON_COMPLIANT", severity: "MEDIUM" });
    expect(finding.annotation).toBe(
      "alias/payments (1234abcd-12ab-34cd-56ef-1234567890ab): automatic rotation is off",
    );
  });

  it.each([
    ["AWS-managed", { keyManager: "AWS" as const }, /AWS-managed/],
    ["asymmetric", { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }, /RSA_2048 keys do not support/],
    ["HMAC", { keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }, /HMAC_256/],
    [
      "imported material, saying it rotates on demand",
      { origin: "EXTERNAL" as const },
      /imported key material has no automatic rotation: it rotates on demand .*kms-rotation-period/,
    ],
    [
      "imported asymmetric material",
      { origin: "EXTERNAL" as const, keySpec: "ECC_NIST_P384" },
      /cannot change after its first import/,
    ],
    [
      "unknown-spec",
      { keySpec: "QUANTUM_FUTURE_1" },
      /key spec QUANTUM_FUTURE_1 is not known to this version of keysentry/,
    ],
    ["custom key store", { origin: "AWS_CLOUDHSM" as const, customKeyStoreId: "cks-1" }, /custom key store/],
    ["pending deletion", { keyState: "PendingDeletion" as const }, /pending deletion/],
    [
      "a multi-Region replica",
      {
        multiRegion: true,
        multiRegionConfiguration: {
          keyType: "REPLICA" as const,
          primaryKey: { arn: "arn:aws:kms:us-east-1:111122223333:key/mrk-1", region: "us-east-1" },
          replicaKeys: [],
        },
      },
      /primary key in us-east-1/,
    ],
  ])("is not applicable to %s keys and reads nothing more", (_name, key, reason) => {
    const snapshot = exampleKey({ key, rotation: { supported: true, enabled: false } });
    expect(needs(rule, snapshot)).toEqual([]);
    const finding = run(rule, snapshot);
    expect(finding.status).toBe("NOT_APPLICABLE");
    expect(finding.annotation).toMatch(reason);
  });

  it("is not applicable when KMS says rotation is unsupported", () => {
    expect(run(rule, exampleKey({ rotation: { supported: false } })).status).toBe("NOT_APPLICABLE");
  });

  it("is not applicable to a disabled key: KMS neither rotates it nor lets its rotation change", () => {
    const snapshot = exampleKey({
      key: { keyState: "Disabled" },
      rotation: { supported: true, enabled: false },
    });
    expect(needs(rule, snapshot)).toEqual([]);
    const finding = run(rule, snapshot);
    expect(finding.status).toBe("NOT_APPLICABLE");
    expect(finding.annotation).toMatch(/disabled: KMS neither rotates it nor lets its rotation change/);
  });
});
