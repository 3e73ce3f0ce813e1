import {
  type Evidence,
  facetValue,
  type KeyMaterial,
  type KeySnapshot,
  PENDING_MATERIAL_STATES,
} from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { unknownSpecReason } from "./key-scope";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample, type Verdict } from "./rule";
import { daysUntil, isoDay } from "./time";

const params = z.strictObject({
  /** Material expiring within this many days is flagged. */
  leadTimeDays: z._default(z.int().check(z.gte(1), z.lte(365)), 30),
  /** Material expiring within this many days is CRITICAL. */
  criticalWithinDays: z._default(z.int().check(z.gte(1), z.lte(365)), 7),
});
type Params = z.infer<typeof params>;

/**
 * A symmetric imported key may hold several materials (on-demand rotation, June 2025): the one it
 * encrypts with is read from ListKeyRotations. DescribeKey's ValidTo is the earliest expiry of any
 * of them, older ones included; asymmetric and HMAC keys hold one material, so it is theirs.
 */
const holdsSeveral = (key: KeySnapshot) => key.key.keySpec === "SYMMETRIC_DEFAULT";

/** The material's expiry, or undefined when it does not expire. */
function expiryOf(key: KeySnapshot, current: KeyMaterial | undefined): Date | undefined {
  if (!current) return key.key.expirationModel === "KEY_MATERIAL_EXPIRES" ? key.key.validTo : undefined;
  return current.expirationModel === "KEY_MATERIAL_EXPIRES" ? current.validTo : undefined;
}

/** Material imported for a rotation that has not happened, and what finishes it. */
function pendingNote(pending: KeyMaterial[]): string {
  const replicas = pending.some((m) => m.state === "PENDING_MULTI_REGION_IMPORT_AND_ROTATION");
  return replicas
    ? "new key material is imported into the primary but not into every replica: import it into each, then RotateKeyOnDemand on the primary"
    : "new key material was imported for rotation but is not current: RotateKeyOnDemand completes the rotation";
}

function judge(
  key: KeySnapshot,
  p: Params,
  now: Date,
  current?: KeyMaterial,
  pending: KeyMaterial[] = [],
): Verdict {
  const validTo = expiryOf(key, current);
  const evidence: Evidence = {
    keyMaterialId: current?.id,
    pendingMaterials: pending.length ? pending.map((m) => ({ id: m.id, state: m.state })) : undefined,
  };
  const daysLeft = validTo ? daysUntil(validTo, now) : undefined;
  if (validTo && daysLeft !== undefined && daysLeft <= p.leadTimeDays) {
    const also = pending.length
      ? `; ${pendingNote(pending)}`
      : "; import new material or re-import it before then";
    return nonCompliant(
      `current key material expires ${isoDay(validTo)} (${Math.max(daysLeft, 0)} days left)${also}`,
      {
        severity: daysLeft <= p.criticalWithinDays ? "CRITICAL" : "HIGH",
        evidence: { ...evidence, validTo: validTo.toISOString(), daysLeft, leadTimeDays: p.leadTimeDays },
      },
    );
  }
  if (pending.length) return nonCompliant(pendingNote(pending), { severity: "MEDIUM", evidence });
  if (!validTo) return compliant("current key material does not expire", evidence);
  return compliant(`current key material expires ${isoDay(validTo)} (${daysLeft} days)`, {
    ...evidence,
    validTo: validTo.toISOString(),
    daysLeft,
    leadTimeDays: p.leadTimeDays,
  });
}

/** Why the rule does not judge the key, or undefined. */
function outOfScope(key: KeySnapshot): string | undefined {
  if (key.key.origin !== "EXTERNAL") return "key material was not imported";
  const unknown = unknownSpecReason(key);
  if (unknown) return unknown;
  const state = key.key.keyState;
  if (state === "PendingDeletion" || state === "PendingReplicaDeletion")
    return "key is pending deletion (see kms-not-pending-deletion)";
  return undefined;
}

export const kmsImportedMaterialExpiry: Rule<KeySnapshot, Params> = {
  id: "kms-imported-material-expiry",
  title: "Imported key material is not about to expire",
  description:
    "When imported key material expires, KMS deletes it and the key becomes unusable until the same material is imported again. Flags current material expiring within the lead time, keys left without material, and new material imported for an on-demand rotation that has not happened.",
  resourceType: "AWS::KMS::Key",
  severity: "HIGH",
  evaluatedOn: ["change", "schedule"],
  permissions: ["kms:DescribeKey", "kms:ListKeyRotations"],
  params,
  needs: (key) =>
    !outOfScope(key) && key.key.keyState !== "PendingImport" && holdsSeveral(key) ? ["keyMaterials"] : [],
  evaluate(key, p, now) {
    const out = outOfScope(key);
    if (out) return notApplicable(out);
    if (key.key.keyState === "PendingImport") {
      return nonCompliant("no key material: it expired or was never imported, so the key cannot be used", {
        evidence: { keyState: key.key.keyState, validTo: key.key.validTo?.toISOString() },
      });
    }
    if (!holdsSeveral(key)) return judge(key, p, now);
    const { current, others } = facetValue(key.keyMaterials, "keyMaterials", key.key.keyId);
    return judge(
      key,
      p,
      now,
      current,
      others.filter((m) => PENDING_MATERIAL_STATES.includes(m.state)),
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
