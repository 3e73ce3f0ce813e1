/** What a CI gate reads: only FINDINGS means the account has a problem at --fail-on. */
export const EXIT = {
  DONE: 0,
  FINDINGS: 1,
  USAGE: 2,
  AWS_UNREADABLE: 3,
  /** EX_SOFTWARE (sysexits.h): keysentry itself failed. */
  INTERNAL: 70,
} as const;
