/**
 * IAM wildcard matching and ARN reading, as the policy language defines them.
 *
 * Patterns come from key policies, which anyone allowed PutKeyPolicy on one key writes. No
 * regular expression is built from them: a backtracking RegExp made of `.*` runs takes time
 * exponential in the number of stars. The two-pointer matcher below never returns to a star
 * once a later one has matched, so its work is at most |pattern| × |value| steps, and
 * |pattern| + |value| whenever each part between stars matches where it is first tried.
 */

const STAR = 42; // "*"
const QUESTION = 63; // "?"

export interface MatchOptions {
  /**
   * IAM action names compare case-insensitively (the default); ARNs compare case-sensitively
   * (IAM User Guide, "IAM JSON policy elements: Resource").
   */
  caseSensitive?: boolean;
  /** Counts the matcher's steps, for callers that bound the work of many comparisons. */
  meter?: StepMeter;
}

/** Work done by matchers, against a limit the caller checks between comparisons. */
export interface StepMeter {
  steps: number;
  readonly limit: number;
}

export function spent(meter: StepMeter | undefined): boolean {
  return meter !== undefined && meter.steps > meter.limit;
}

/**
 * Glob matching over symbols: `*` in `pattern` takes any run of `text`, `?` one symbol, any
 * other character only itself. With `symbolic`, the text is itself a pattern whose `*` stands
 * for any run: only a pattern `*` may take it, so a match means containment.
 */
function twoPointerMatch(pattern: string, text: string, symbolic: boolean, meter?: StepMeter): boolean {
  const patternLength = pattern.length;
  const textLength = text.length;
  if (meter) meter.steps++; // the call itself
  // A literal last character must end the text: most mismatches end here, in one step.
  const last = pattern.charCodeAt(patternLength - 1);
  if (textLength > 0 && last !== STAR && last !== QUESTION && last !== text.charCodeAt(textLength - 1)) {
    return false;
  }
  let p = 0;
  let t = 0;
  let afterStar = -1; // the pattern position just after the last star run met
  let starTook = 0; // where in the text that star's run ends so far
  let steps = 0;
  let matched = true;
  while (t < textLength) {
    steps++;
    if (p < patternLength) {
      const pc = pattern.charCodeAt(p);
      if (pc === STAR) {
        do p++;
        while (p < patternLength && pattern.charCodeAt(p) === STAR); // a run of stars is one star
        afterStar = p;
        starTook = t;
        continue;
      }
      const tc = text.charCodeAt(t);
      if (pc === tc || (pc === QUESTION && !(symbolic && tc === STAR))) {
        p++;
        t++;
        continue;
      }
    }
    if (afterStar < 0) {
      matched = false;
      break;
    }
    // Backtrack to the last star and let it take one more symbol.
    p = afterStar;
    t = ++starTook;
  }
  if (meter) meter.steps += steps;
  if (!matched) return false;
  while (p < patternLength && pattern.charCodeAt(p) === STAR) p++;
  return p === patternLength;
}

/** `*` matches any run of characters, `?` any one; IAM action names are case-insensitive. */
export function globMatches(pattern: string, value: string, options: MatchOptions = {}): boolean {
  return options.caseSensitive
    ? twoPointerMatch(pattern, value, false, options.meter)
    : twoPointerMatch(pattern.toLowerCase(), value.toLowerCase(), false, options.meter);
}

export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/**
 * True when every string `inner` can match is also matched by `outer` (both may hold
 * wildcards). `inner` is read as a string of symbols: an `outer` `*` absorbs any run of them,
 * an `outer` `?` one literal or `?` (never a `*`, which may stand for many characters), a
 * literal only itself. Sound: true only when containment holds; it may answer false for
 * exotic pairs such as `??*` over `*??`, which callers treat as "not covered".
 */
export function patternCovers(outer: string, inner: string, options: MatchOptions = {}): boolean {
  return options.caseSensitive
    ? twoPointerMatch(outer, inner, true, options.meter)
    : twoPointerMatch(outer.toLowerCase(), inner.toLowerCase(), true, options.meter);
}

function count(options: MatchOptions, steps: number, answer: boolean): boolean {
  if (options.meter) options.meter.steps += steps + 1;
  return answer;
}

function isWildcardCode(code: number): boolean {
  return code === STAR || code === QUESTION;
}

/**
 * False only when no string can match both patterns: they differ in a literal character before
 * either's first wildcard, or after either's last one. True when unsure.
 */
export function patternsOverlap(a: string, b: string, options: MatchOptions = {}): boolean {
  if (!hasWildcard(a)) return globMatches(b, a, options);
  if (!hasWildcard(b)) return globMatches(a, b, options);
  const x = options.caseSensitive ? a : a.toLowerCase();
  const y = options.caseSensitive ? b : b.toLowerCase();
  // Both hold a wildcard, so each loop stops on one before running past either string.
  let head = 0;
  for (; ; head++) {
    const cx = x.charCodeAt(head);
    const cy = y.charCodeAt(head);
    if (isWildcardCode(cx) || isWildcardCode(cy)) break;
    if (cx !== cy) return count(options, head, false);
  }
  for (let i = x.length - 1, j = y.length - 1; ; i--, j--) {
    const cx = x.charCodeAt(i);
    const cy = y.charCodeAt(j);
    if (isWildcardCode(cx) || isWildcardCode(cy)) return count(options, head + x.length - i, true);
    if (cx !== cy) return count(options, head + x.length - i, false);
  }
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/**
 * The account an ARN (or bare account id) names, or undefined when the ARN has no
 * account field (S3 buckets) or the field is a wildcard.
 */
export function accountOf(arnOrAccount: string): string | undefined {
  if (isAccountId(arnOrAccount)) return arnOrAccount;
  const parts = arnOrAccount.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const account = parts[4] ?? "";
  return isAccountId(account) ? account : undefined;
}

export function rootArn(account: string, partition = "aws"): string {
  return `arn:${partition}:iam::${account}:root`;
}

/** True for "111122223333" and "arn:<partition>:iam::111122223333:root". */
export function isAccountRoot(principal: string, account: string): boolean {
  if (principal === account) return true;
  return /^arn:[a-z-]+:iam::\d{12}:root$/.test(principal) && accountOf(principal) === account;
}

/** Unique ids (AIDA..., AROA...) appear in a policy when the IAM user or role it named was deleted. */
export function isOrphanedPrincipalId(value: string): boolean {
  return /^A[A-Z0-9]{3}[A-Z0-9]{12,}$/.test(value) && !isAccountId(value);
}

const READ_ONLY_PREFIXES = ["kms:describe", "kms:get", "kms:list"];

/** Actions that reveal metadata only: no use of the key, no change to it. */
export function isReadOnlyAction(action: string): boolean {
  const lower = action.toLowerCase();
  return READ_ONLY_PREFIXES.some((prefix) => lower.startsWith(prefix) && lower.length > prefix.length);
}
