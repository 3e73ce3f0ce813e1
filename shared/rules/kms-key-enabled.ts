import type { KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { awsManagedReason } from "./key-scope";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

export const kmsKeyEnabled: Rule<KeySnapshot> = {
  id: "kms-key-enabled",
  title: "Customer-managed keys are enabled",
  description:
    "A disabled key fails every cryptographic call, and a key in a disconnected custom key store is unusable. Keys pending deletion or awaiting imported material are left to their own rules.",
  resourceType: "AWS::KMS::Key",
  severity: "MEDIUM",
  evaluatedOn: ["change"],
  remediation: "enable-key",
  permissions: ["kms:DescribeKey"],
  params: z.strictObject({}),
  needs: () => [],
  evaluate(key) {
    const awsManaged = awsManagedReason(key);
    if (awsManaged) return notApplicable(awsManaged);
    const state = key.key.keyState;
    switch (state) {
      case "Enabled":
        return compliant("key is enabled", { keyState: state });
      case "Disabled":
        return nonCompliant("key is disabled: every encrypt and decrypt call with it fails", {
          evidence: { keyState: state },
        });
      case "Unavailable":
        return nonCompliant("custom key store is disconnected: the key cannot be used", {
          severity: "HIGH",
          evidence: { keyState: state, customKeyStoreId: key.key.customKeyStoreId },
        });
      case "PendingDeletion":
      case "PendingReplicaDeletion":
        return notApplicable("key is pending deletion (see kms-not-pending-deletion)");
      case "PendingImport":
        return notApplicable("key is waiting for imported key material (see kms-imported-material-expiry)");
      default:
        return notApplicable(`key is in the transitional state ${state}`);
    }
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "a disabled customer-managed key",
  snapshot: exampleKey({ key: { keyState: "Disabled" } }),
  now: EXAMPLE_NOW,
});
