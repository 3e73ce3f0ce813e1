import { lowerSeverity, type Severity } from "../model";
import * as z from "../zod";

const RISING: readonly Severity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** A repeated threshold is a typo, not a shorter ladder: dropping it would shift every severity. */
const eachOnce = z.superRefine((days: number[], ctx) => {
  const seen = new Set<number>();
  for (const day of days) {
    if (seen.has(day)) {
      ctx.addIssue({
        code: "custom",
        message: `each threshold must appear once; ${day} appears more than once`,
      });
      return;
    }
    seen.add(day);
  }
});

/** Day thresholds, any order, each once, at least one; kept descending. */
export const thresholdsSchema = z.pipe(
  z.array(z.int().check(z.gte(1), z.lte(825))).check(z.minLength(1), eachOnce),
  z.transform((days: number[]) => [...days].sort((a, b) => b - a)),
);

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
