const DAY_MS = 86_400_000;

/** Whole days from `now` until `date`; negative once `date` has passed. */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** YYYY-MM-DD, the form people read in alerts. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
