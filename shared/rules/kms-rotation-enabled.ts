import { facetValue, type KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { rotationIneligibility } from "./key-scope";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

export const kmsRotationEnabled: Rule<KeySnapshot> = {
  id: "kms-rotation-enabled",
  title: "Automatic rotation is on for keys that support it",
  description:
    "Customer-managed symmetric keys with KMS-generated material rotate automatically. Asymmetric, HMAC, custom-key-store, replica and AWS-managed keys are not applicable; so are keys with imported material, which has no automatic rotation but rotates on demand (kms-rotation-period judges its age).",
  resourceType: "AWS::KMS::Key",
  severity: "MEDIUM",
  evaluatedOn: ["change", "schedule"],
  remediation: "enable-key-rotation",
  permissions: ["kms:DescribeKey", "kms:GetKeyRotationStatus"],
  params: z.strictObject({}),
  needs: (key) => (rotationIneligibility(key) ? [] : ["rotation"]),
  evaluate(key) {
    const ineligible = rotationIneligibility(key);
    if (ineligible) return notApplicable(ineligible);
    const rotation = facetValue(key.rotation, "rotation", key.key.keyId);
    if (!rotation.supported)
      return notApplicable("KMS reports that automatic rotation is not supported for this key");
    return rotation.enabled
      ? compliant(`automatic rotation is on (every ${rotation.periodDays ?? 365} days)`, {
          rotationPeriodInDays: rotation.periodDays,
        })
      : nonCompliant("automatic rotation is off", { evidence: { keyRotationEnabled: false } });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "a symmetric customer-managed key with rotation off",
  snapshot: exampleKey({ rotation: { supported: true, enabled: false } }),
  now: EXAMPLE_NOW,
});
