import type { KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";
import { daysUntil, isoDay } from "./time";

const params = z.strictObject({
  /** Material expiring within this many days is flagged. */
  leadTimeDays: z._default(z.int().check(z.gte(1), z.lte(365)), 30),
  /** Material expiring within this many days is CRITICAL. */
  criticalWithinDays: z._default(z.int().check(z.gte(1), z.lte(365)), 7),
});
type Params = z.infer<typeof params>;

export const kmsImportedMaterialExpiry: Rule<KeySnapshot, Params> = {
  id: "kms-imported-material-expiry",
  title: "Imported key material is not about to expire",
  description:
    "When imported key material expires, KMS deletes it and the key becomes unusable until the same material is imported again. Flags material expiring within the lead time, and keys left without material.",
  resourceType: "AWS::KMS::Key",
  severity: "HIGH",
  evaluatedOn: ["change", "schedule"],
  permissions: ["kms:DescribeKey"],
  params,
  needs: () => [],
  evaluate(key, p, now) {
    const { origin, keyState, expirationModel, validTo } = key.key;
    if (origin !== "EXTERNAL") return notApplicable("key material was not imported");
    if (keyState === "PendingDeletion" || keyState === "PendingReplicaDeletion") {
      return notApplicable("key is pending deletion (see kms-not-pending-deletion)");
    }
    if (keyState === "PendingImport") {
      return nonCompliant("no key material: it expired or was never imported, so the key cannot be used", {
        evidence: { keyState, validTo: validTo?.toISOString() },
      });
    }
    if (expirationModel !== "KEY_MATERIAL_EXPIRES" || !validTo) {
      return compliant("imported key material does not expire", { expirationModel });
    }
    const daysLeft = daysUntil(validTo, now);
    const evidence = { validTo: validTo.toISOString(), daysLeft, leadTimeDays: p.leadTimeDays };
    if (daysLeft > p.leadTimeDays)
      return compliant(`imported key material expires ${isoDay(validTo)} (${daysLeft} days)`, evidence);
    return nonCompliant(
      `imported key material expires ${isoDay(validTo)} (${Math.max(daysLeft, 0)} days left); re-import it before then`,
      {
        severity: daysLeft <= p.criticalWithinDays ? "CRITICAL" : "HIGH",
        evidence,
      },
    );
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "imported key material expiring in 10 days",
  snapshot: exampleKey({
    key: {
      origin: "EXTERNAL",
      expirationModel: "KEY_MATERIAL_EXPIRES",
      validTo: new Date("2026-06-11T00:00:00Z"),
    },
    rotation: { supported: false },
  }),
  now: EXAMPLE_NOW,
});
