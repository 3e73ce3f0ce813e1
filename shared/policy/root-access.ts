/** The lockout guard: the account root keeps kms:* and nothing takes kms:PutKeyPolicy from it. */
import { describeStatement, type PolicyDocument, type PolicyStatement } from "./document";
import { isAccountRoot, patternCovers } from "./patterns";
import { resourceReach, takesAction } from "./statement-scope";

export interface RootAccess {
  /** The account root is allowed kms:* with no condition and nothing denies it kms:PutKeyPolicy. */
  full: boolean;
  grantedBy: number[];
  /** Statements that grant the root kms:* only under conditions. */
  conditionalGrants: number[];
  deniedBy: number[];
  /** Why each statement of `deniedBy` locks the root out, in the same order. */
  denials: string[];
}

const LOCKED = "the account root can no longer change the policy";

/** The part of a principal ARN after `:<account>:` when it is in this account ("role/KeyAdmin"). */
function shortName(principal: string, account: string): string {
  const marker = `:${account}:`;
  const at = principal.indexOf(marker);
  return principal.startsWith("arn:") && at >= 0 ? principal.slice(at + marker.length) : principal;
}

/** Why an unconditional Deny on this key takes kms:PutKeyPolicy from the root, or undefined. */
function lockout(statement: PolicyStatement, account: string, keyArn: string | undefined) {
  if (statement.effect !== "Deny" || statement.conditions.length > 0) return undefined;
  if (resourceReach(statement, keyArn) === "no" || !takesAction(statement, "kms:PutKeyPolicy")) {
    return undefined;
  }
  const namesRoot = statement.principals.some(
    (p) =>
      p.type === "AWS" && (isAccountRoot(p.value, account) || (statement.notPrincipal && p.value === "*")),
  );
  if (statement.notPrincipal) {
    if (namesRoot) return undefined;
    const kept = statement.principals.map((p) => shortName(p.value, account)).join(", ");
    return `${describeStatement(statement)} denies everyone except ${kept} from kms:PutKeyPolicy: ${LOCKED}`;
  }
  const everyone = statement.principals.some((p) => p.type === "AWS" && p.value === "*");
  if (!namesRoot && !everyone) return undefined;
  return `${describeStatement(statement)} denies the account root kms:PutKeyPolicy: ${LOCKED}`;
}

/**
 * An Allow gives the root kms:* on this key. With the key's ARN unknown, only a statement
 * sure to reach the key counts: an unsure one must not hide a missing guard.
 */
function grantsRootKms(statement: PolicyStatement, account: string, keyArn: string | undefined) {
  return (
    statement.effect === "Allow" &&
    !statement.notPrincipal &&
    !statement.notAction &&
    statement.principals.some((p) => p.type === "AWS" && isAccountRoot(p.value, account)) &&
    statement.actions.some((action) => patternCovers(action, "kms:*")) &&
    resourceReach(statement, keyArn) === "yes"
  );
}

export function rootAccess(
  document: PolicyDocument,
  account: string,
  keyArn: string | undefined,
): RootAccess {
  const access: RootAccess = { full: false, grantedBy: [], conditionalGrants: [], deniedBy: [], denials: [] };
  for (const statement of document.statements) {
    if (grantsRootKms(statement, account, keyArn)) {
      (statement.conditions.length === 0 ? access.grantedBy : access.conditionalGrants).push(statement.index);
    }
    const denial = lockout(statement, account, keyArn);
    if (denial) {
      access.deniedBy.push(statement.index);
      access.denials.push(denial);
    }
  }
  access.full = access.grantedBy.length > 0 && access.deniedBy.length === 0;
  return access;
}
