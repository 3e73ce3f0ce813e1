import { KeySpec } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { KNOWN_KEY_SPECS } from "../../../shared/model";
import { exampleKey } from "../../../shared/rules";
import { rotationScope, unknownSpecReason } from "../../../shared/rules/key-scope";

describe("key scope", () => {
  it("knows exactly the key specs of the KMS API model", () => {
    expect([...KNOWN_KEY_SPECS].sort()).toEqual(Object.values(KeySpec).sort());
  });

  it("names a key spec it does not know, and knows the ones KMS added in 2025", () => {
    expect(unknownSpecReason(exampleKey({ key: { keySpec: "ML_DSA_128" } }))).toBe(
      "key spec ML_DSA_128 is not known to this version of keysentry",
    );
    for (const keySpec of ["ML_DSA_44", "ML_KEM_1024", "ECC_NIST_EDWARDS25519", "SM2"])
      expect(unknownSpecReason(exampleKey({ key: { keySpec } }))).toBeUndefined();
  });

  it("says how a key's material rotates: automatically, on demand with imported material, or not", () => {
    expect(rotationScope(exampleKey())).toEqual({ rotates: "automatic" });
    expect(rotationScope(exampleKey({ key: { origin: "EXTERNAL" } }))).toEqual({ rotates: "imported" });
    expect(
      rotationScope(exampleKey({ key: { keySpec: "ML_KEM_768", keyUsage: "ENCAPSULATE_DECAPSULATE" } })),
    ).toEqual({
      reason: "ML_KEM_768 keys do not support automatic or on-demand rotation",
    });
  });
});
