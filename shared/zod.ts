/**
 * zod/mini, the tree-shakable form of zod (about 20 KB in a bundle against 85 KB for the
 * chained API), with English messages: zod/mini ships with none, and keysentry's errors
 * quote them. Every schema imports zod from here.
 */
import { en } from "zod/locales";
import { config } from "zod/mini";

config(en());

export * from "zod/mini";

/**
 * The first problem a failed parse found, as a dotted path below `prefix` and zod's message:
 * what every keysentry error about bad input (events, settings, parameters, environment) says.
 */
export function firstIssue(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  prefix: readonly (string | number)[] = [],
): { path: string; problem: string } {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).map(String)].filter((part) => part !== "").join(".");
  return { path, problem: issue?.message ?? "invalid" };
}
