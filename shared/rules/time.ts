export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

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

/** Days from `now` until `date`, with the fraction: short-lived certificates count in hours. */
export function exactDaysUntil(date: Date, now: Date): number {
  return (date.getTime() - now.getTime()) / DAY_MS;
}

/** "12 days left", or "30 hours left" inside the last two days. */
export function timeLeft(date: Date, now: Date): string {
  const days = exactDaysUntil(date, now);
  if (days >= 2) return `${Math.floor(days)} days left`;
  const hours = Math.max(0, Math.floor(days * 24));
  return `${hours} hour${hours === 1 ? "" : "s"} left`;
}
