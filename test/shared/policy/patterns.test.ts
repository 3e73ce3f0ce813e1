import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globMatches, patternCovers, patternsOverlap } from "../../../shared/policy/patterns";

/** The textbook definition, memoised: `*` takes any run, `?` one character, the rest itself. */
function reference(pattern: string, value: string, caseSensitive = false): boolean {
  const p = caseSensitive ? pattern : pattern.toLowerCase();
  const v = caseSensitive ? value : value.toLowerCase();
  const memo = new Map<number, boolean>();
  const from = (i: number, j: number): boolean => {
    const key = i * (v.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === p.length) result = j === v.length;
    else if (p[i] === "*") result = from(i + 1, j) || (j < v.length && from(i, j + 1));
    else result = j < v.length && (p[i] === "?" || p[i] === v[j]) && from(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return from(0, 0);
}

const pattern = fc.string({ unit: fc.constantFrom("a", "b", "A", "*", "?"), maxLength: 10 });
const value = fc.string({ unit: fc.constantFrom("a", "b", "A", "B", "*", "?"), maxLength: 12 });
const fillers = fc.array(fc.string({ unit: fc.constantFrom("a", "b", "c", "*", "?"), maxLength: 3 }), {
  minLength: 10,
  maxLength: 10,
});

/** A concrete string `glob` matches: each `*` becomes a filler, each `?` one character of one. */
function instantiate(glob: string, fill: string[]): string {
  let next = 0;
  const take = () => fill[next++ % fill.length] ?? "";
  const one = () => take().charAt(0) || "x";
  return [...glob].map((c) => (c === "*" ? take() : c === "?" ? one() : c)).join("");
}

describe("globMatches", () => {
  it.each([
    ["kms:*", "kms:Decrypt", true],
    ["KMS:decrypt", "kms:Decrypt", true],
    ["kms:Re*crypt*", "kms:ReEncryptFrom", true],
    ["kms:?ecrypt", "kms:Decrypt", true],
    ["kms:?ecrypt", "kms:ecrypt", false],
    ["kms:***Key", "kms:PutKeyPolicy", false],
    ["*Policy", "kms:PutKeyPolicy", true],
    ["", "", true],
    ["*", "", true],
    ["?", "", false],
  ])("%s against %s is %s", (p, v, expected) => expect(globMatches(p, v)).toBe(expected));

  it("compares ARNs case-sensitively when asked", () => {
    const arn = "arn:aws:kms:eu-west-1:111122223333:key/abc";
    expect(globMatches("arn:aws:kms:*:key/ABC", arn, { caseSensitive: true })).toBe(false);
    expect(globMatches("arn:aws:kms:*:key/abc", arn, { caseSensitive: true })).toBe(true);
  });

  it("agrees with the reference matcher", () => {
    fc.assert(
      fc.property(pattern, value, fc.boolean(), (p, v, caseSensitive) => {
        expect(globMatches(p, v, { caseSensitive })).toBe(reference(p, v, caseSensitive));
      }),
      { numRuns: 5_000 },
    );
  });

  it("agrees with the reference on strings the pattern was made to match", () => {
    fc.assert(
      fc.property(pattern, fillers, (p, fill) => {
        const v = instantiate(p, fill);
        expect(reference(p, v)).toBe(true);
        expect(globMatches(p, v)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("patternCovers", () => {
  it.each([
    ["kms:*", "kms:Generate*", true],
    ["kms:*Key*", "kms:GenerateDataKey*", true],
    ["kms:Gen*", "kms:*", false],
    ["kms:?ecrypt", "kms:?ecrypt", true],
    ["kms:?ecrypt", "kms:*crypt", false],
    ["k?s:*", "kms:*", true],
    ["*", "*", true],
    ["kms:Decrypt", "kms:Decrypt", true],
    ["kms:Decrypt", "kms:De*", false],
    ["KMS:DE*", "kms:Decrypt", true],
  ])("%s over %s is %s", (outer, inner, expected) => expect(patternCovers(outer, inner)).toBe(expected));

  it("is sound: whatever inner matches, outer matches", () => {
    let covered = 0;
    fc.assert(
      fc.property(pattern, pattern, fillers, (outer, inner, fill) => {
        if (!patternCovers(outer, inner)) return;
        covered++;
        const s = instantiate(inner, fill);
        expect(reference(inner, s)).toBe(true);
        expect(reference(outer, s)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // The property says something only if containment is found often enough.
    expect(covered).toBeGreaterThan(500);
  });

  it("is exact for an inner pattern without wildcards", () => {
    fc.assert(
      fc.property(
        pattern,
        fc.string({ unit: fc.constantFrom("a", "b", "A"), maxLength: 8 }),
        (outer, inner) => {
          expect(patternCovers(outer, inner)).toBe(reference(outer, inner));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe("patternsOverlap", () => {
  it.each([
    ["kms:Encrypt*", "kms:Decrypt", false],
    ["kms:Encrypt*", "kms:De*", false],
    ["*Key", "*Policy", false],
    ["kms:*", "*Decrypt", true],
    ["kms:Decrypt", "kms:decrypt", true],
  ])("%s and %s: %s", (a, b, expected) => expect(patternsOverlap(a, b)).toBe(expected));

  it("never says no when a string matches both", () => {
    fc.assert(
      fc.property(pattern, pattern, fillers, (a, b, fill) => {
        const s = instantiate(a, fill);
        if (reference(b, s)) expect(patternsOverlap(a, b)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
