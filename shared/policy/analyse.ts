import { type CallerScope, callerScope, withPins } from "./caller-scope";
import { FENCE_STEP_LIMIT, type Fences, fencesLeavingOut, fencesOf, fencesOver } from "./deny-fences";
import type { PolicyDocument, PolicyStatement } from "./document";
import { type Grant, GrantBuilder, type TrustContext } from "./grants";
import { accountOf, isOrphanedPrincipalId, spent } from "./patterns";
import { type RootAccess, rootAccess } from "./root-access";
import { actionScope, type MeteredComparison, metered, resourceReach } from "./statement-scope";

export { GRANT_CLASSES, type Grant, type GrantClass, type TrustContext } from "./grants";
export type { RootAccess } from "./root-access";

export interface PolicyAnalysis {
  grants: Grant[];
  rootAccess: RootAccess;
  /** Unique ids left behind by deleted IAM users or roles: they grant nobody. */
  orphanedPrincipals: string[];
}

const WEB_IDENTITY = /^[a-z0-9.-]+\.(com|amazonaws\.com)$/i;

/**
 * The Deny fences over a statement's actions, applied to each principal they reach. A Deny on
 * everyone reaches every principal; a NotPrincipal Deny all but those it leaves out. Principals
 * left out by the same fences share one scope, and working one out is metered like the fence
 * comparisons.
 */
function scopes(
  statement: PolicyStatement,
  fences: Fences,
  comparison: MeteredComparison,
): (principal: string) => CallerScope {
  const { meter } = comparison;
  const over = fencesOver(fences.list, actionScope(statement), comparison);
  const everyone = withPins(
    callerScope(statement.conditions),
    over.filter((fence) => !fence.except).map((fence) => fence.pin),
  );
  const partial = over.filter((fence) => fence.except);
  if (partial.length === 0) return () => everyone;
  const reachedByAll = withPins(
    everyone,
    partial.map((fence) => fence.pin),
  );
  const inPartial = new Set(partial);
  const shared = new Map<string, CallerScope>();
  return (principal) => {
    if (principal === "*") return everyone;
    const leftOut = fencesLeavingOut(fences, principal).filter((fence) => inPartial.has(fence));
    if (leftOut.length === 0) return reachedByAll;
    const key = leftOut
      .map((fence) => fence.id)
      .sort((a, b) => a - b)
      .join(",");
    let scope = shared.get(key);
    if (scope) return scope;
    meter.steps += partial.length;
    if (spent(meter)) return everyone; // the safe side: fewer pins, the grant as wide as written
    const out = new Set(leftOut);
    scope = withPins(
      everyone,
      partial.filter((fence) => !out.has(fence)).map((fence) => fence.pin),
    );
    shared.set(key, scope);
    return scope;
  };
}

/** Adds what one Allow statement grants on this key to the builder. */
function grantsOf(
  builder: GrantBuilder,
  statement: PolicyStatement,
  context: TrustContext,
  fences: Fences,
  comparison: MeteredComparison,
  orphans: Set<string>,
) {
  // A statement whose Resource names only other keys grants nothing on this one.
  if (resourceReach(statement, context.keyArn) === "no") return;
  const scopeFor = scopes(statement, fences, comparison);
  builder.begin(statement, scopeFor("*"));
  if (statement.notPrincipal) {
    builder.anyone(`everyone except ${statement.principals.map((p) => p.value).join(", ")}`);
    return;
  }
  const distinct = new Map(statement.principals.map((p) => [`${p.type}|${p.value}`, p]));
  for (const { type, value } of distinct.values()) {
    builder.scope = scopeFor(value);
    if (type === "Service") {
      builder.service(value);
    } else if (type === "AWS" && value === "*") {
      builder.anyone("*");
    } else if (type === "AWS" && isOrphanedPrincipalId(value)) {
      orphans.add(value);
    } else if (type === "Federated" && WEB_IDENTITY.test(value)) {
      // Web identity federation: any user of the identity provider unless conditions pin it.
      if (statement.conditions.length > 0) builder.external(value, `users of identity provider ${value}`);
      else builder.anyone(value);
    } else {
      const account = accountOf(value);
      if (account) builder.account(value, account);
      else builder.anyone(value);
    }
  }
}

/** Classifies every Allow statement of a key policy and checks the root lockout guard. */
export function analyseKeyPolicy(document: PolicyDocument, context: TrustContext): PolicyAnalysis {
  const orphans = new Set<string>();
  const fences = fencesOf(document, context.keyArn);
  const comparison = metered({ steps: 0, limit: FENCE_STEP_LIMIT });
  const builder = new GrantBuilder(context);
  for (const statement of document.statements) {
    if (statement.effect === "Allow") grantsOf(builder, statement, context, fences, comparison, orphans);
  }
  return {
    grants: builder.grants,
    rootAccess: rootAccess(document, context.account, context.keyArn),
    orphanedPrincipals: [...orphans],
  };
}
