/**
 * EventBridge pattern matching for the operators keysentry's rules use: exact values (any of a
 * list, which also matches any element of a list value), nested objects, and `exists`
 * (EventBridge User Guide, "Event patterns" and "Content filtering").
 */
type Pattern = { [key: string]: readonly unknown[] | Pattern };

function matchesValue(allowed: readonly unknown[], present: boolean, value: unknown): boolean {
  return allowed.some((candidate) => {
    if (candidate && typeof candidate === "object" && "exists" in candidate)
      return (candidate as { exists: boolean }).exists === present;
    if (!present) return false;
    return Array.isArray(value) ? value.includes(candidate) : value === candidate;
  });
}

export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  const record = (event && typeof event === "object" ? event : {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rule]) => {
    const present = key in record && record[key] !== undefined && record[key] !== null;
    if (Array.isArray(rule)) return matchesValue(rule, present, record[key]);
    return present && matchesPattern(rule as Pattern, record[key]);
  });
}
