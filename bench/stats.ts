/** The value at the p-th percentile (nearest rank below), 0 for no values. */
export const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

export const median = (values: number[]): number => percentile(values, 50);
