import { describe, expect, it } from "vitest";
import { exampleKey } from "../../../shared/rules";
import { kmsKeyEnabled as rule } from "../../../shared/rules/kms-key-enabled";
import { run } from "../../support/run-rule";

describe("kms-key-enabled", () => {
  it("is compliant for an enabled key", () => expect(run(rule, exampleKey()).status).toBe("COMPLIANT"));

  it("flags a disabled key", () => {
    expect(run(rule, exampleKey({ key: { keyState: "Disabled" } }))).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "MEDIUM",
    });
  });

  it("flags a key in a disconnected custom key store as HIGH", () => {
    expect(
      run(rule, exampleKey({ key: { keyState: "Unavailable", customKeyStoreId: "cks-1" } })).severity,
    ).toBe("HIGH");
  });

  it.each(["PendingDeletion", "PendingReplicaDeletion", "PendingImport", "Creating", "Updating"] as const)(
    "leaves %s keys to other rules",
    (keyState) => expect(run(rule, exampleKey({ key: { keyState } })).status).toBe("NOT_APPLICABLE"),
  );

  it("is not applicable to AWS-managed keys", () => {
    expect(run(rule, exampleKey({ key: { keyManager: "AWS", keyState: "Disabled" } })).status).toBe(
      "NOT_APPLICABLE",
    );
  });
});
