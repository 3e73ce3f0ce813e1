import type { ConditionClause } from "./document";
import { accountOf, hasWildcard, isAccountId } from "./patterns";

/**
 * Who a statement's conditions pin the caller to. A condition restricts only when it
 * names known accounts, an organization or a network path with exact values: a `*`
 * value, an `...IfExists` operator, a negated operator or `ForAllValues:` (true when the
 * key is missing — IAM User Guide, "Single-valued vs. multivalued context keys") leaves
 * the caller open. `ForAnyValue:` is false on a missing key, so it does restrict.
 */
export interface CallerScope {
  /** Accounts the caller must belong to; undefined when no condition pins accounts. */
  accounts?: Set<string>;
  /** Organizations the caller must belong to. */
  organizations?: Set<string>;
  /** VPCs or VPC endpoints the request must come through. */
  networks?: Set<string>;
  /** The condition keys that did the pinning, for the explanation. */
  pinnedBy: string[];
  /** Condition keys present that do not pin the caller (kms:ViaService alone, ...). */
  ignored: string[];
}

const POSITIVE_OPERATORS = new Set([
  "stringequals",
  "stringequalsignorecase",
  "stringlike",
  "arnequals",
  "arnlike",
]);

const NEGATED_OPERATORS = new Set([
  "stringnotequals",
  "stringnotequalsignorecase",
  "stringnotlike",
  "arnnotequals",
  "arnnotlike",
]);

type Dimension = "accounts" | "organizations" | "networks";

const ACCOUNT_KEYS = new Set(["aws:principalaccount", "kms:calleraccount", "aws:sourceaccount"]);
const ARN_KEYS = new Set(["aws:principalarn", "aws:sourcearn"]);
const NETWORK_KEYS = new Set(["aws:sourcevpce", "aws:sourcevpc"]);

/** The values a pinning key restricts to, or undefined when the key cannot pin. */
function pinnedValues(
  writtenKey: string,
  values: string[],
): { dimension: Dimension; values: string[] } | undefined {
  const key = writtenKey.toLowerCase();
  if (values.length === 0) return undefined;
  if (ACCOUNT_KEYS.has(key)) {
    return values.every(isAccountId) ? { dimension: "accounts", values } : undefined;
  }
  if (ARN_KEYS.has(key)) {
    const accounts = values.map(accountOf);
    return accounts.every((a): a is string => a !== undefined)
      ? { dimension: "accounts", values: accounts }
      : undefined;
  }
  if (key === "aws:principalorgid") {
    return values.some(hasWildcard) ? undefined : { dimension: "organizations", values };
  }
  if (key === "aws:principalorgpaths") {
    const orgs = values.map((path) => path.split("/")[0] ?? "");
    return orgs.every((org) => /^o-[a-z0-9]+$/.test(org))
      ? { dimension: "organizations", values: orgs }
      : undefined;
  }
  if (NETWORK_KEYS.has(key)) {
    return values.some(hasWildcard) ? undefined : { dimension: "networks", values };
  }
  return undefined;
}

function intersect(current: Set<string> | undefined, next: string[]): Set<string> {
  const incoming = new Set(next);
  if (!current) return incoming;
  return new Set([...current].filter((value) => incoming.has(value)));
}

/** What an Allow statement's own conditions pin the caller to (conditions are ANDed). */
export function callerScope(conditions: ConditionClause[]): CallerScope {
  const scope: CallerScope = { pinnedBy: [], ignored: [] };
  for (const clause of conditions) {
    const pins =
      POSITIVE_OPERATORS.has(clause.base.toLowerCase()) && !clause.ifExists && clause.set !== "ForAllValues"
        ? pinnedValues(clause.key, clause.values)
        : undefined;
    if (!pins) {
      scope.ignored.push(clause.key);
      continue;
    }
    scope[pins.dimension] = intersect(scope[pins.dimension], pins.values);
    scope.pinnedBy.push(clause.key);
  }
  return scope;
}

/** What a Deny fence pins the caller to: one condition key and the values it allows. */
export interface DenyPin {
  key: string;
  dimension: Dimension;
  values: string[];
}

/**
 * The pin a Deny statement imposes on everyone else: `Deny * unless aws:PrincipalOrgID is o-x`
 * is written as a negated operator on a pinning key. A negated operator is true when the
 * key is missing, with or without IfExists, so the Deny also covers callers without the key.
 * Only a Deny with this one condition counts: more conditions narrow it.
 */
export function denyGuardPins(conditions: ConditionClause[]): DenyPin | undefined {
  if (conditions.length !== 1) return undefined;
  const [clause] = conditions as [ConditionClause];
  if (clause.set || !NEGATED_OPERATORS.has(clause.base.toLowerCase())) return undefined;
  const pins = pinnedValues(clause.key, clause.values);
  return pins ? { key: clause.key, ...pins } : undefined;
}

/** The scope narrowed by each pin in turn (one copy, however many pins). */
export function withPins(scope: CallerScope, pins: readonly DenyPin[]): CallerScope {
  if (pins.length === 0) return scope;
  const narrowed: CallerScope = { ...scope, pinnedBy: [...scope.pinnedBy] };
  for (const pin of pins) {
    narrowed[pin.dimension] = intersect(narrowed[pin.dimension], pin.values);
    narrowed.pinnedBy.push(`${pin.key} (by a Deny)`);
  }
  return narrowed;
}
