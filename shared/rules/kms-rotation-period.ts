import { facetValue, type KeySnapshot } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { rotationScope } from "./key-scope";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample, type Verdict } from "./rule";
import { addDays, daysUntil, isoDay } from "./time";

/** RotationPeriodInDays may be 90 to 2560; KMS uses 365 when none is given (KMS API reference, EnableKeyRotation). */
const KMS_DEFAULT_PERIOD_DAYS = 365;

const params = z.strictObject({
  /** The longest rotation period allowed, in days (90 to 2560: the periods KMS accepts). */
  maxPeriodDays: z._default(z.int().check(z.gte(90), z.lte(2560)), 365),
  /**
   * How many days late KMS's automatic rotation may be before it is overdue. Imported material has no
   * schedule to be late against: its age is compared with the maximum alone.
   */
  graceDays: z._default(z.int().check(z.gte(0), z.lte(90)), 7),
});
type Params = z.infer<typeof params>;

function enabledRotation(key: KeySnapshot) {
  if (key.rotation.state !== "read") return undefined;
  const rotation = key.rotation.value;
  return rotation.supported && rotation.enabled ? rotation : undefined;
}

/** The next rotation date says the key is on schedule; only a missed one needs the rotation history. */
function scheduleMissed(key: KeySnapshot, p: Params, now: Date): boolean {
  const next = enabledRotation(key)?.nextRotationDate;
  return next === undefined || addDays(next, p.graceDays) < now;
}

/**
 * Imported material rotates on demand only: the current material's age is compared with the
 * period. The first material carries no date (KMS API reference, RotationsListEntry), and cannot
 * be older than its key, so the key's creation stands for its import.
 */
function importedMaterialAge(key: KeySnapshot, p: Params, now: Date): Verdict {
  const { current } = facetValue(key.keyMaterials, "keyMaterials", key.key.keyId);
  const since = current.rotationDate ?? key.key.creationDate;
  const age = daysUntil(now, since);
  const what = current.rotationDate
    ? `current imported key material rotated in on ${isoDay(since)}`
    : `imported key material never rotated since the key was created on ${isoDay(since)}`;
  const evidence = {
    keyMaterialId: current.id,
    materialSince: since.toISOString(),
    maxPeriodDays: p.maxPeriodDays,
  };
  if (age <= p.maxPeriodDays) return compliant(`${what}: ${age} days, within ${p.maxPeriodDays}`, evidence);
  return nonCompliant(
    `${what}: ${age} days, past the ${p.maxPeriodDays}-day maximum; import new material (ImportType NEW_KEY_MATERIAL) and call RotateKeyOnDemand`,
    { severity: "HIGH", evidence },
  );
}

export const kmsRotationPeriod: Rule<KeySnapshot, Params> = {
  id: "kms-rotation-period",
  title: "Rotation period within policy, and rotation actually happening",
  description:
    "RotationPeriodInDays must not exceed the maximum, and the last rotation (or creation) must be no older than the period plus a grace. Disabled keys are not rotated by KMS, so only their period is checked. Imported key material, which rotates on demand, must be no older than the maximum.",
  resourceType: "AWS::KMS::Key",
  severity: "MEDIUM",
  evaluatedOn: ["change", "schedule"],
  remediation: "set-rotation-period",
  permissions: ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:ListKeyRotations"],
  params,
  needs(key, p, now) {
    const scope = rotationScope(key);
    if ("reason" in scope) return [];
    if (scope.rotates === "imported") return ["keyMaterials"];
    const checkHistory =
      enabledRotation(key) && key.key.keyState === "Enabled" && scheduleMissed(key, p, now);
    return checkHistory ? ["rotation", "lastRotation"] : ["rotation"];
  },
  evaluate(key, p, now) {
    const scope = rotationScope(key);
    if ("reason" in scope) return notApplicable(scope.reason);
    if (scope.rotates === "imported") return importedMaterialAge(key, p, now);
    const rotation = facetValue(key.rotation, "rotation", key.key.keyId);
    if (!rotation.supported)
      return notApplicable("KMS reports that automatic rotation is not supported for this key");
    if (!rotation.enabled) return notApplicable("automatic rotation is off (see kms-rotation-enabled)");
    const period = rotation.periodDays ?? KMS_DEFAULT_PERIOD_DAYS;
    const requested = key.event?.requestedRotationPeriodDays;
    const evidence = { rotationPeriodInDays: period, maxPeriodDays: p.maxPeriodDays };
    if (period > p.maxPeriodDays) {
      return nonCompliant(
        `rotation period is ${period} days, longer than the maximum of ${p.maxPeriodDays}`,
        {
          evidence,
          eventEvidence: requested === undefined ? undefined : { requestedRotationPeriodDays: requested },
        },
      );
    }
    if (key.key.keyState !== "Enabled") {
      return compliant(
        `rotation period ${period} days is within ${p.maxPeriodDays}; KMS does not rotate a ${key.key.keyState.toLowerCase()} key`,
        evidence,
      );
    }
    if (!scheduleMissed(key, p, now)) {
      return compliant(
        `rotates every ${period} days; next rotation ${isoDay(rotation.nextRotationDate!)}`,
        evidence,
      );
    }
    const last = facetValue(key.lastRotation, "lastRotation", key.key.keyId);
    const since = last?.date ?? key.key.creationDate;
    const overdueDays = -daysUntil(addDays(since, period + p.graceDays), now);
    const history = {
      ...evidence,
      lastRotationDate: last?.date.toISOString() ?? null,
      nextRotationDate: rotation.nextRotationDate?.toISOString(),
    };
    if (overdueDays > 0) {
      const what = last
        ? `last rotated ${isoDay(last.date)}`
        : `never rotated since creation on ${isoDay(since)}`;
      return nonCompliant(`${what}: rotation is ${overdueDays} days overdue for a ${period}-day period`, {
        severity: "HIGH",
        evidence: { ...history, overdueDays },
      });
    }
    return compliant(
      `rotates every ${period} days; last rotation ${last ? isoDay(last.date) : "not yet due"}`,
      history,
    );
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "rotation every 730 days when policy allows 365",
  snapshot: exampleKey({
    rotation: {
      supported: true,
      enabled: true,
      periodDays: 730,
      nextRotationDate: new Date("2027-01-15T09:00:00Z"),
    },
  }),
  now: EXAMPLE_NOW,
});
