import { lowerSeverity, type Severity } from "../model";
import * as z from "../zod";

const RISING: readonly Severity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/**
 * One step of an expiry ladder: days before expiry, or a share of the certificate's validity
 * period ("33%"), so that one ladder fits a 7-day certificate and a 13-month one alike.
 */
export type Threshold = number | `${number}%`;

/** 0.01% to 100%, at most two decimals: written by people, read as a number. */
export const SHARE = /^(?:100|\d{1,2}(?:\.\d{1,2})?)%$/;

const threshold = z.union([
  z.int().check(z.gte(1), z.lte(825)),
  z.string().check(
    z.regex(SHARE, 'a share of the validity period is written like "33%"'),
    z.refine((share) => Number.parseFloat(share) > 0, "a share of the validity period must be above 0%"),
  ),
]);

/** A repeated threshold is a typo, not a shorter ladder: dropping it would shift every severity. */
const eachOnce = z.superRefine((thresholds: (number | string)[], ctx) => {
  const seen = new Set<number | string>();
  for (const step of thresholds) {
    if (seen.has(step)) {
      ctx.addIssue({
        code: "custom",
        message: `each threshold must appear once; ${typeof step === "string" ? `"${step}"` : step} appears more than once`,
      });
      return;
    }
    seen.add(step);
  }
});

const daysFirst = (a: number | string, b: number | string) =>
  typeof a === typeof b
    ? Number.parseFloat(String(b)) - Number.parseFloat(String(a))
    : typeof a === "number"
      ? -1
      : 1;

/** Thresholds in days or shares, any order, each once, at least one; kept loosest first. */
export const thresholdsSchema = z.pipe(
  z.array(threshold).check(z.minLength(1), z.maxLength(16), eachOnce),
  z.transform((steps: (number | string)[]) => [...steps].sort(daysFirst) as Threshold[]),
);

/** The longest validity a public TLS certificate had (398 days): the measure of a share when a certificate's own is unknown. */
const LONGEST_VALIDITY_DAYS = 398;

/** The ladder in days for a certificate valid for `validityDays`, loosest first. */
export function ladderDays(thresholds: readonly Threshold[], validityDays: number | undefined): number[] {
  const validity = validityDays && validityDays > 0 ? validityDays : LONGEST_VALIDITY_DAYS;
  return thresholds
    .map((step) => (typeof step === "number" ? step : (validity * Number.parseFloat(step)) / 100))
    .sort((a, b) => b - a);
}

/**
 * Severity for `daysLeft` on a descending ladder of thresholds: the tightest threshold is
 * CRITICAL and each looser one a step lower (never below LOW); expired is CRITICAL. A
 * certificate nothing uses is one step lower. Undefined above the loosest threshold.
 */
export function expirySeverity(
  daysLeft: number,
  thresholds: readonly number[],
  inUse: boolean,
): Severity | undefined {
  let severity: Severity | undefined;
  if (daysLeft < 0) severity = "CRITICAL";
  else {
    const crossed = thresholds.filter((t) => daysLeft <= t).length;
    if (crossed === 0) return undefined;
    severity = RISING[Math.max(0, RISING.length - thresholds.length + crossed - 1)]!;
  }
  return inUse ? severity : lowerSeverity(severity);
}
