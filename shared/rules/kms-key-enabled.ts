import type { KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { awsManagedReason } from "./key-scope";
import { recentUse } from "./last-use";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

const params = z.strictObject({
  /**
   * A disabled key that was used (GetKeyLastUsage) within this many days is CRITICAL: something still
   * depends on it, and its calls now fail.
   */
  recentUseDays: z._default(z.int().check(z.gte(1), z.lte(365)), 30),
});
type Params = z.infer<typeof params>;

export const kmsKeyEnabled: Rule<KeySnapshot, Params> = {
  id: "kms-key-enabled",
  title: "Customer-managed keys are enabled",
  description:
    "A disabled key fails every cryptographic call, and a key in a disconnected custom key store is unusable. The finding says when a disabled key was last used, CRITICAL when recently. Keys pending deletion or awaiting imported material are left to their own rules.",
  resourceType: "AWS::KMS::Key",
  severity: "MEDIUM",
  evaluatedOn: ["change"],
  remediation: "enable-key",
  permissions: ["kms:DescribeKey", "kms:GetKeyLastUsage"],
  params,
  // A failed last-use read is said in the finding, not made its ERROR: the disabled key is the news.
  needs: (key) => (key.key.keyState === "Disabled" && key.lastUsage.state !== "failed" ? ["lastUsage"] : []),
  evaluate(key, p, now) {
    const awsManaged = awsManagedReason(key);
    if (awsManaged) return notApplicable(awsManaged);
    const state = key.key.keyState;
    switch (state) {
      case "Enabled":
        return compliant("key is enabled", { keyState: state });
      case "Disabled": {
        const use = recentUse(key.lastUsage, key.key.keyId, p.recentUseDays, now);
        return nonCompliant(`key is disabled: every cryptographic call with it fails; ${use.phrase}`, {
          severity: use.recent ? "CRITICAL" : undefined,
          evidence: { keyState: state, ...use.evidence },
        });
      }
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
  summary: "a customer-managed key disabled the day after its last use",
  snapshot: exampleKey({ key: { keyState: "Disabled" } }),
  now: EXAMPLE_NOW,
});
