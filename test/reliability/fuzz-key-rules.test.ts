import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type KeyMaterial, type KeySnapshot, read } from "../../shared/model";
import { EXAMPLE_NOW, exampleKey, KEY_RULES } from "../../shared/rules";

/** A fifth of FUZZ_RUNS: each case evaluates every key rule. */
const RUNS = Math.ceil(Number(process.env.FUZZ_RUNS ?? 10_000) / 5);
const TIMEOUT = { timeout: Math.max(20_000, RUNS * 3) };

/** Any real date from 1970 to 2100: what the reader lets through once it refused invalid ones. */
const date = fc.date({ min: new Date(0), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });
/** Values KMS sends today, and strings it may send tomorrow. */
const oneOf = (...known: string[]) => fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 24 }));

const material: fc.Arbitrary<KeyMaterial> = fc.record({
  id: fc.string({ maxLength: 64 }),
  state: oneOf("CURRENT", "NON_CURRENT", "PENDING_ROTATION", "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"),
  importState: fc.option(oneOf("IMPORTED", "PENDING_IMPORT"), { nil: undefined }),
  expirationModel: fc.option(oneOf("KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"), {
    nil: undefined,
  }),
  validTo: fc.option(date, { nil: undefined }),
  rotationDate: fc.option(date, { nil: undefined }),
});

const snapshot: fc.Arbitrary<KeySnapshot> = fc
  .record({
    keySpec: oneOf(
      "SYMMETRIC_DEFAULT",
      "RSA_2048",
      "HMAC_256",
      "ML_DSA_65",
      "ML_KEM_768",
      "ECC_NIST_EDWARDS25519",
      "SM2",
    ),
    keyState: oneOf(
      "Enabled",
      "Disabled",
      "PendingDeletion",
      "PendingReplicaDeletion",
      "PendingImport",
      "Unavailable",
    ),
    origin: oneOf("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"),
    keyManager: fc.constantFrom("AWS", "CUSTOMER"),
    creationDate: date,
    deletionDate: fc.option(date, { nil: undefined }),
    validTo: fc.option(date, { nil: undefined }),
    current: material,
    others: fc.array(material, { maxLength: 4 }),
    trackingStartDate: date,
    lastUse: fc.option(fc.record({ at: date, operation: fc.option(fc.string(), { nil: undefined }) }), {
      nil: undefined,
    }),
    requestedDeletionWindowDays: fc.option(fc.integer({ min: -5, max: 400 }), { nil: undefined }),
  })
  .map((k) => ({
    ...exampleKey({
      key: {
        keySpec: k.keySpec,
        keyState: k.keyState as KeySnapshot["key"]["keyState"],
        origin: k.origin as KeySnapshot["key"]["origin"],
        keyManager: k.keyManager,
        creationDate: k.creationDate,
        deletionDate: k.deletionDate,
        validTo: k.validTo,
        expirationModel: k.validTo ? "KEY_MATERIAL_EXPIRES" : undefined,
      },
      keyMaterials: { current: k.current, others: k.others },
      lastUsage: { trackingStartDate: k.trackingStartDate, last: k.lastUse },
    }),
    lastRotation: read(null),
    event:
      k.requestedDeletionWindowDays === undefined
        ? undefined
        : { requestedDeletionWindowDays: k.requestedDeletionWindowDays },
  }));

describe(`fuzzing the key rules (${RUNS} cases)`, () => {
  it(
    "give every key of any spec, state, origin, materials and last use a verdict, never a crash",
    TIMEOUT,
    () => {
      fc.assert(
        fc.property(snapshot, date, (key, now) => {
          for (const rule of KEY_RULES) {
            const params = rule.params.parse({});
            rule.needs(key, params, now);
            const verdict = rule.evaluate(key, params, now);
            expect(["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]).toContain(verdict.status);
            expect(verdict.reason.length).toBeGreaterThan(0);
            expect(() => JSON.stringify(verdict.evidence ?? {})).not.toThrow();
          }
        }),
        { numRuns: RUNS },
      );
    },
  );

  it("never judges the rotation of a spec it does not know", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z][A-Z0-9_]{2,20}$/), (spec) => {
        fc.pre(!["SYMMETRIC_DEFAULT", "SM2"].includes(spec) && !/^(RSA|HMAC|ECC|ML)_/.test(spec));
        const key = exampleKey({ key: { keySpec: spec, origin: "EXTERNAL" } });
        for (const id of ["kms-rotation-enabled", "kms-rotation-period", "kms-imported-material-expiry"]) {
          const rule = KEY_RULES.find((r) => r.id === id)!;
          expect(rule.evaluate(key, rule.params.parse({}), EXAMPLE_NOW).reason).toBe(
            `key spec ${spec} is not known to this version of keysentry`,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
