/**
 * The key-policy analyser on policies written to be slow (test/shared/policy/hostile-policies.ts),
 * on the largest policy KMS accepts (32 KB: "Key policy document size", AWS KMS Developer Guide,
 * Quotas) and on the diff of two such policies. Each figure is the first run in this process
 * (V8 still compiling the hot path, as for a scan's first key) and the median of the next 20.
 */
import { writeFile } from "node:fs/promises";
import { analyseKeyPolicy, diffKeyPolicies, parseKeyPolicy } from "../shared/policy";
import {
  HOSTILE_CONTEXT,
  HOSTILE_POLICIES,
  LARGE_POLICY_ACCOUNT,
  largeKeyPolicy,
} from "../test/shared/policy/hostile-policies";
import { median } from "./stats";

const RUNS = 20;

function time(run: () => unknown): { firstMs: number; medianMs: number } {
  const once = () => {
    const started = performance.now();
    run();
    return performance.now() - started;
  };
  const firstMs = once();
  const rest = Array.from({ length: RUNS }, once);
  const round = (ms: number) => Number(ms.toFixed(2));
  return { firstMs: round(firstMs), medianMs: round(median(rest)) };
}

export function policyBenchmark() {
  const hostile = HOSTILE_POLICIES.map(({ name, policy }) => {
    const text = JSON.stringify(policy);
    const document = parseKeyPolicy(text);
    return { policy: name, bytes: text.length, ...time(() => analyseKeyPolicy(document, HOSTILE_CONTEXT)) };
  });
  const before = largeKeyPolicy("a");
  const after = largeKeyPolicy("b");
  const [a, b] = [parseKeyPolicy(before.text), parseKeyPolicy(after.text)];
  const context = { account: LARGE_POLICY_ACCOUNT, trustedAccounts: [], trustedOrganizations: [] };
  return {
    hostile,
    worstHostile: {
      firstMs: Math.max(...hostile.map((row) => row.firstMs)),
      medianMs: Math.max(...hostile.map((row) => row.medianMs)),
    },
    largest: {
      bytes: before.text.length,
      statements: before.statements,
      analysis: time(() => analyseKeyPolicy(a, context)),
      diff: time(() => diffKeyPolicies(a, b, context)),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = policyBenchmark();
  console.table(figures.hostile);
  const { worstHostile, largest } = figures;
  console.log(
    `worst analysis of a hostile policy: ${worstHostile.firstMs} ms first, ${worstHostile.medianMs} ms after`,
  );
  console.log(
    `a ${largest.bytes}-byte policy of ${largest.statements} statements: analysed in ${largest.analysis.firstMs} ms first, ${largest.analysis.medianMs} ms after;`,
  );
  console.log(`  two of them diffed in ${largest.diff.firstMs} ms first, ${largest.diff.medianMs} ms after`);
  await writeFile(new URL("./results/policy.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
}
