/**
 * Deny statements that fence an Allow: `Deny * unless aws:PrincipalOrgID is o-x` narrows a
 * public Allow to the organization. A Deny fences a grant only when it surely reaches it:
 * this key, every principal of the grant, every action of the Allow.
 */
import { type DenyPin, denyGuardPins } from "./caller-scope";
import type { PolicyDocument } from "./document";
import { accountOf, isAccountRoot, type MatchOptions, spent } from "./patterns";
import { type ActionScope, actionScope, deniesEveryAction, resourceReach } from "./statement-scope";

export interface Fence {
  /** Its position among the policy's fences. */
  id: number;
  pin: DenyPin;
  actions: ActionScope;
  /** NotPrincipal: who the Deny leaves out, with the account of each account root; undefined for Principal "*". */
  except?: Set<string>;
}

export interface Fences {
  list: Fence[];
  /** The NotPrincipal fences that name a principal or account. */
  leavingOut: Map<string, Fence[]>;
}

function exceptions(values: string[]): Set<string> {
  const except = new Set(values);
  for (const value of values) {
    const account = accountOf(value);
    if (account && isAccountRoot(value, account)) except.add(account);
  }
  return except;
}

/** The Deny statements of a policy that can pin callers of this key. */
export function fencesOf(document: PolicyDocument, keyArn: string | undefined): Fences {
  const fences: Fences = { list: [], leavingOut: new Map() };
  for (const deny of document.statements) {
    if (deny.effect !== "Deny") continue;
    const pin = denyGuardPins(deny.conditions);
    if (!pin || resourceReach(deny, keyArn) !== "yes") continue;
    const fence: Fence = { id: fences.list.length, pin, actions: actionScope(deny) };
    if (deny.notPrincipal) {
      if (deny.principals.some((p) => p.value === "*")) continue; // leaves everyone out
      fence.except = exceptions(deny.principals.map((p) => p.value));
      for (const name of fence.except) {
        const naming = fences.leavingOut.get(name) ?? [];
        naming.push(fence);
        fences.leavingOut.set(name, naming);
      }
    } else if (!deny.principals.some((p) => p.type === "AWS" && p.value === "*")) {
      continue; // a Deny naming particular principals leaves everyone else allowed: no fence
    }
    fences.list.push(fence);
  }
  return fences;
}

/**
 * How much work the fences of one policy may take, in matcher steps (a few milliseconds at
 * most). Each Allow is compared with each fence, so a policy written to be slow (1,500 actions
 * against 1,500 patterns) would make this quadratic in its size: 2.3 million steps. A console
 * policy with two fences takes 54; a 32 KB policy of 300 Allows and 51 fences, 38,000. Past the
 * limit a Deny is not counted as a fence: the grant it might narrow stays visible, the safe side.
 */
export const FENCE_STEP_LIMIT = 50_000;

/** The fences that hold every action of an Allow, while the comparison's meter lasts (see `metered`). */
export function fencesOver(fences: readonly Fence[], allow: ActionScope, comparison: MatchOptions): Fence[] {
  const over: Fence[] = [];
  for (const fence of fences) {
    if (spent(comparison.meter)) break;
    if (deniesEveryAction(fence.actions, allow, comparison)) over.push(fence);
  }
  return over;
}

/**
 * The NotPrincipal fences that leave a grant's principal out: those naming it or its account
 * (naming the account leaves out at least the account itself: not reaching is the answer that
 * keeps the grant visible). "*" and "everyone except ..." are left out by every one of them.
 */
export function fencesLeavingOut(fences: Fences, principal: string): Fence[] {
  const account = accountOf(principal);
  const byName = fences.leavingOut.get(principal) ?? [];
  const byAccount =
    account !== undefined && account !== principal ? (fences.leavingOut.get(account) ?? []) : [];
  return byAccount.length === 0 ? byName : [...byName, ...byAccount];
}
