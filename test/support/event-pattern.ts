/**
 * EventBridge's event-pattern semantics, written from the EventBridge User Guide ("Event
 * patterns", "Arrays in event patterns", "Matching null values and empty strings", "Content
 * filtering in event patterns" and "Comparison operators for use in event patterns"), not from
 * keysentry's patterns: test/support/event-pattern.test.ts holds it to every example those pages
 * give, with their documented outcomes. No package on npm serves (see that test's header).
 *
 * What the reference leaves out is refused, never guessed: an operator this module does not know,
 * IPv6 CIDR blocks, a pattern leaf that is not an array. Strings are compared character by
 * character, wildcards walked with one backtrack point; no RegExp is built from a pattern or an event.
 */

export class UnsupportedPatternError extends Error {
  override readonly name = "UnsupportedPatternError";
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Condition = Json;

/** A field of the event as the pattern reaches it: absent, an object (not a leaf), or leaf values. */
type Field = { kind: "absent" } | { kind: "object" } | { kind: "leaves"; values: Json[] };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function fieldOf(value: Json | undefined): Field {
  if (value === undefined) return { kind: "absent" };
  if (isObject(value)) return { kind: "object" };
  // "If the value in the event is an array, the pattern matches if the intersection … is non-empty" (Arrays).
  if (Array.isArray(value)) {
    const leaves = value.filter((v) => !isObject(v) && !Array.isArray(v));
    return leaves.length > 0 ? { kind: "leaves", values: leaves } : { kind: "object" };
  }
  return { kind: "leaves", values: [value] };
}

/** Case folding for equals-ignore-case: the reference folds letters only. */
const fold = (text: string) => text.toLowerCase();

/** `*` matches any run of characters, including none ("wildcard" in Comparison operators): one backtrack point, at most pattern × value steps. */
export function wildcardMatches(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = v;
    } else if (p < pattern.length && pattern[p] === value[v]) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function ipv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (part.length === 0 || part.length > 3 || [...part].some((c) => c < "0" || c > "9")) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

function inCidr(block: string, value: Json): boolean {
  const [network = "", bits = ""] = block.split("/");
  const base = ipv4(network);
  const length = Number(bits);
  if (base === undefined || !Number.isInteger(length) || length < 0 || length > 32)
    throw new UnsupportedPatternError(`cidr ${block}: only IPv4 blocks are modelled`);
  if (typeof value !== "string") return false;
  const address = ipv4(value);
  if (address === undefined) return false;
  const size = 2 ** (32 - length);
  return Math.floor(address / size) === Math.floor(base / size);
}

const NUMERIC_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  "=": (a, b) => a === b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

function numericMatches(terms: Json, value: Json): boolean {
  if (!Array.isArray(terms) || terms.length === 0 || terms.length % 2 !== 0)
    throw new UnsupportedPatternError(`numeric ${JSON.stringify(terms)}: pairs of operator and number`);
  if (typeof value !== "number") return false; // "Numeric matching works with values that are JSON numbers"
  for (let i = 0; i < terms.length; i += 2) {
    const compare = NUMERIC_OPERATORS[String(terms[i])];
    const bound = terms[i + 1];
    if (!compare || typeof bound !== "number")
      throw new UnsupportedPatternError(`numeric ${JSON.stringify(terms)}: unknown operator or bound`);
    if (!compare(value, bound)) return false;
  }
  return true;
}

/** `"prefix": "x"` or `"prefix": { "equals-ignore-case": "x" }`, and the same for suffix. */
function affixMatches(kind: "prefix" | "suffix", operand: Json, value: Json): boolean {
  if (typeof value !== "string") return false; // prefix and suffix match string values only
  const ignoreCase = isObject(operand);
  const affix = ignoreCase ? operand["equals-ignore-case"] : operand;
  if (typeof affix !== "string")
    throw new UnsupportedPatternError(`${kind} ${JSON.stringify(operand)}: a string or equals-ignore-case`);
  const [a, v] = ignoreCase ? [fold(affix), fold(value)] : [affix, value];
  return kind === "prefix" ? v.startsWith(a) : v.endsWith(a);
}

const asList = (operand: Json): Json[] => (Array.isArray(operand) ? operand : [operand]);

/** What `anything-but` excludes: values, or one nested prefix, suffix, equals-ignore-case or wildcard. */
function excluded(operand: Json, value: Json): boolean {
  if (!isObject(operand)) return asList(operand).some((o) => o === value);
  const [operator, ...others] = Object.keys(operand);
  if (!operator || others.length > 0)
    throw new UnsupportedPatternError(`anything-but ${JSON.stringify(operand)}: one operator`);
  const inner = operand[operator]!;
  switch (operator) {
    case "prefix":
    case "suffix":
      return asList(inner).some((affix) => affixMatches(operator, affix, value));
    case "equals-ignore-case":
      return (
        typeof value === "string" &&
        asList(inner).some((o) => typeof o === "string" && fold(o) === fold(value))
      );
    case "wildcard":
      return (
        typeof value === "string" &&
        asList(inner).some((o) => typeof o === "string" && wildcardMatches(o, value))
      );
    default:
      throw new UnsupportedPatternError(`anything-but ${operator} is not modelled`);
  }
}

/** One leaf value against one condition of the pattern's array. */
function valueMatches(condition: Condition, value: Json): boolean {
  if (!isObject(condition)) return condition === value;
  const [operator, ...others] = Object.keys(condition);
  if (!operator || others.length > 0)
    throw new UnsupportedPatternError(`${JSON.stringify(condition)}: one operator per condition`);
  const operand = condition[operator]!;
  switch (operator) {
    case "prefix":
    case "suffix":
      return affixMatches(operator, operand, value);
    case "equals-ignore-case":
      return typeof value === "string" && typeof operand === "string" && fold(operand) === fold(value);
    case "wildcard":
      return typeof value === "string" && typeof operand === "string" && wildcardMatches(operand, value);
    case "anything-but":
      return !excluded(operand, value);
    case "numeric":
      return numericMatches(operand, value);
    case "cidr":
      return typeof operand === "string" && inCidr(operand, value);
    default:
      throw new UnsupportedPatternError(`operator ${operator} is not modelled`);
  }
}

function conditionMatches(condition: Condition, field: Field): boolean {
  if (isObject(condition) && "exists" in condition) {
    if (Object.keys(condition).length !== 1 || typeof condition.exists !== "boolean")
      throw new UnsupportedPatternError(`${JSON.stringify(condition)}: exists takes true or false`);
    // "Exists matching only works on leaf nodes": an object where a leaf is asked for does not exist.
    return condition.exists === (field.kind === "leaves");
  }
  // Every other condition needs a value to compare: an absent field matches none of them.
  return field.kind === "leaves" && field.values.some((value) => valueMatches(condition, value));
}

function leafMatches(conditions: Json, value: Json | undefined): boolean {
  if (!Array.isArray(conditions))
    throw new UnsupportedPatternError(`${JSON.stringify(conditions)}: a pattern's values are arrays`);
  const field = fieldOf(value);
  return conditions.some((condition) => conditionMatches(condition, field));
}

function objectMatches(pattern: Record<string, Json>, event: Json | undefined): boolean {
  // An array of objects in the event matches when one of its objects does.
  if (Array.isArray(event)) return event.some((element) => objectMatches(pattern, element));
  const record = isObject(event) ? event : {};
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === "$or") {
      // Two alternatives at least; with fewer, Event Ruler (EventBridge's matcher) reads "$or" as a field name.
      if (!Array.isArray(rule) || rule.length < 2 || !rule.every(isObject))
        throw new UnsupportedPatternError("$or takes an array of two patterns or more");
      return rule.some((alternative) => objectMatches(alternative, record));
    }
    // A missing object leaves every field under it absent: only `exists: false` can match there.
    if (isObject(rule)) return objectMatches(rule, record[key]);
    return leafMatches(rule, record[key]);
  });
}

/** Whether EventBridge would deliver `event` to a rule with `pattern`. Throws UnsupportedPatternError. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new UnsupportedPatternError("a pattern is a JSON object");
  return objectMatches(pattern, event as Json);
}
