/**
 * What the stack reserves for the two functions no event source defines, when
 * `deployment.reservedConcurrency` is on; the event functions' figures are their sources'
 * (shared/events/sources.ts). The stack and `keysentry preflight` read them here.
 */
export const RESERVED_CONCURRENCY = {
  /** The function that evaluates every AWS Config custom rule. */
  "config-rule": 10,
  /** The scheduled sweep: a reservation of one runs one sweep at a time. */
  sweep: 1,
} as const;
