/** IAM wildcard matching and ARN reading, as the policy language defines them. */

const globCache = new Map<string, RegExp>();

/** `*` matches any run of characters, `?` any one; IAM action names are case-insensitive. */
export function globMatches(pattern: string, value: string): boolean {
  let regex = globCache.get(pattern);
  if (!regex) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regex = new RegExp(`^${body}$`, "i");
    globCache.set(pattern, regex);
  }
  return regex.test(value);
}

export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/** True when every action `inner` can match is also matched by `outer`. */
export function patternCovers(outer: string, inner: string): boolean {
  if (!hasWildcard(inner)) return globMatches(outer, inner);
  if (outer === "*") return true;
  const prefix = outer.endsWith("*") ? outer.slice(0, -1) : undefined;
  return (
    outer.toLowerCase() === inner.toLowerCase() ||
    (prefix !== undefined && !hasWildcard(prefix) && inner.toLowerCase().startsWith(prefix.toLowerCase()))
  );
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
