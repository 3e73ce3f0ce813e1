/** Which requests a statement reaches: its resource scope and its action scope. */
import type { PolicyStatement } from "./document";
import {
  globMatches,
  hasWildcard,
  type MatchOptions,
  patternCovers,
  patternsOverlap,
  type StepMeter,
  spent,
} from "./patterns";

/**
 * Whether a statement reaches this key: "unknown" when the key's ARN is not known and the
 * statement names particular resources. Callers resolve "unknown" towards the risk: it counts
 * for a grant or a lockout, not for a Deny that would hide a grant.
 */
export type Reach = "yes" | "no" | "unknown";

const STAR = 42; // "*"
const QUESTION = 63; // "?"

const onlyStars = (pattern: string) => pattern.length > 0 && pattern.replaceAll("*", "") === "";

/**
 * In a key policy `"*"` means this key; a statement whose Resource names only another key
 * does not apply to this one. ARNs compare case-sensitively.
 */
export function resourceReach(statement: PolicyStatement, keyArn: string | undefined): Reach {
  const { resources, notResource } = statement;
  if (resources === undefined) return "yes";
  if (keyArn === undefined) {
    if (!resources.some(onlyStars)) return "unknown";
    return notResource ? "no" : "yes";
  }
  const named = resources.some((pattern) => globMatches(pattern, keyArn, { caseSensitive: true }));
  return named === notResource ? "no" : "yes";
}

/**
 * The longest action a pattern can stand for. A key policy governs kms: actions only, and the
 * longest of them, kms:GenerateDataKeyPairWithoutPlaintext, has 39 characters (AWS KMS API
 * Reference, "Actions"); 128 leaves room for any new one. A pattern needing more literal
 * characters matches no action, so it grants and denies nothing and is never compared.
 */
export const MAX_ACTION_LENGTH = 128;

/** Lower case (actions compare case-insensitively) with runs of `*` collapsed. */
function normaliseAction(action: string): string | undefined {
  const lower = action.toLowerCase();
  const collapsed = lower.includes("**") ? lower.replace(/\*+/g, "*") : lower;
  let letters = 0;
  for (let i = 0; i < collapsed.length; i++) if (collapsed.charCodeAt(i) !== STAR) letters++;
  return letters > MAX_ACTION_LENGTH ? undefined : collapsed;
}

/** A statement's Action or NotAction list, normalised and split for quick comparison. */
export interface ActionScope {
  not: boolean;
  /** Some pattern covers every kms: action (`*`, `kms:*`, `k*`, ...). */
  all: boolean;
  literals: Set<string>;
  wildcards: string[];
  /** The wildcards ending in a literal character, by that character's code: they match only strings ending in it. */
  wildcardsByEnd: Map<number, string[]>;
  /** The wildcards ending in `*` or `?`. */
  openEnded: string[];
  /** Every distinct pattern: the literals, then the wildcards. */
  patterns: string[];
}

export function actionScope(statement: PolicyStatement): ActionScope {
  const scope: ActionScope = {
    not: statement.notAction,
    all: false,
    literals: new Set(),
    wildcards: [],
    wildcardsByEnd: new Map(),
    openEnded: [],
    patterns: [],
  };
  const wildcards = new Set<string>();
  for (const written of statement.actions) {
    const action = normaliseAction(written);
    if (action === undefined) continue;
    if (!hasWildcard(action)) scope.literals.add(action);
    else if (!wildcards.has(action)) {
      wildcards.add(action);
      scope.all ||= patternCovers(action, "kms:*", EXACT);
    }
  }
  scope.wildcards = [...wildcards];
  for (const pattern of scope.wildcards) {
    const end = pattern.charCodeAt(pattern.length - 1);
    if (end === STAR || end === QUESTION) {
      scope.openEnded.push(pattern);
      continue;
    }
    const ending = scope.wildcardsByEnd.get(end) ?? [];
    ending.push(pattern);
    scope.wildcardsByEnd.set(end, ending);
  }
  scope.patterns = [...scope.literals, ...scope.wildcards];
  return scope;
}

/** Action scopes are lower case already, so they compare exactly. */
const EXACT: MatchOptions = { caseSensitive: true };

export type MeteredComparison = MatchOptions & { meter: StepMeter };

/** How deniesEveryAction compares, its work counted by `meter`: make it once per policy. */
export function metered(meter: StepMeter): MeteredComparison {
  return { caseSensitive: true, meter };
}

/** True when some pattern of `list` matches every string `action` matches (or the meter ran out). */
function anyCovers(list: ActionScope, action: string, options: MatchOptions): boolean {
  if (list.literals.has(action)) return true;
  // A pattern ending in a literal covers only actions ending in the same literal.
  const ending = list.wildcardsByEnd.get(action.charCodeAt(action.length - 1));
  if (ending && coveredByOne(ending, action, options)) return true;
  return coveredByOne(list.openEnded, action, options);
}

function coveredByOne(patterns: string[], action: string, options: MatchOptions): boolean {
  for (const pattern of patterns) {
    if (spent(options.meter) || patternCovers(pattern, action, options)) return true;
  }
  return false;
}

/** False only when no string matches both `action` and a pattern of `list`. */
function anyOverlaps(list: ActionScope, action: string, options: MatchOptions): boolean {
  if (list.literals.has(action)) return true;
  for (const pattern of list.wildcards) {
    if (spent(options.meter) || patternsOverlap(pattern, action, options)) return true;
  }
  if (!hasWildcard(action)) return false;
  for (const literal of list.literals) {
    if (spent(options.meter) || globMatches(action, literal, options)) return true;
  }
  return false;
}

/**
 * True when the Deny's action scope surely holds every action the Allow grants. An Allow
 * with NotAction grants all but a few actions: only a Deny of every kms: action holds them.
 * Once the meter passes its limit the answer is false: not sure.
 */
export function deniesEveryAction(deny: ActionScope, allow: ActionScope, options = EXACT): boolean {
  if (allow.not) return !deny.not && deny.all;
  if (!deny.not && deny.all) return true;
  if (deny.not && deny.all) return false; // NotAction kms:* denies no kms: action
  const { meter } = options;
  for (const action of allow.patterns) {
    if (spent(meter)) return false;
    if (meter) meter.steps++; // the look-up among the Deny's literals
    const held = deny.not ? !anyOverlaps(deny, action, options) : anyCovers(deny, action, options);
    if (!held) return false;
  }
  return !spent(meter);
}

/** Whether the statement's action scope takes in the one action `action` (no wildcard). */
export function takesAction(statement: PolicyStatement, action: string): boolean {
  const matches = statement.actions.some((pattern) => globMatches(pattern, action));
  return matches !== statement.notAction;
}
