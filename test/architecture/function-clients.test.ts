/**
 * What each function parses at cold start: the SDK clients every one of its invocations calls,
 * and no other. A client one function needs (Config for config-rule) or one that few
 * invocations call (SNS, Secrets Manager, Lambda, CloudTrail, the Tagging API) must not reach
 * another function's cold start through a shared module or a re-export.
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { functionBuildOptions } from "../../infra/member/bundle";
import { bundleWeights } from "../../scripts/bundle-weights";

/** Settings (SSM) and state (DynamoDB); each event function adds the one service its events are about. */
const EVERY_FUNCTION = ["client-dynamodb", "client-ssm"];
const BOTH_FAMILIES = ["client-acm", "client-kms"];

const EXPECTED: Record<string, string[]> = {
  "kms-events": [...EVERY_FUNCTION, "client-kms"].sort(),
  "acm-events": [...EVERY_FUNCTION, "client-acm"].sort(),
  sweep: [...EVERY_FUNCTION, ...BOTH_FAMILIES].sort(),
  "config-rule": [...EVERY_FUNCTION, ...BOTH_FAMILIES, "client-config-service"].sort(),
};

async function coldStartClients(name: string): Promise<string[]> {
  const { metafile } = await build({
    ...functionBuildOptions(name, `/tmp/keysentry-clients-${name}`),
    write: false,
  });
  return bundleWeights(metafile!, "index.mjs", Number.POSITIVE_INFINITY)
    .largest.map(({ name }) => name.match(/^@aws-sdk\/(client-.+)$/)?.[1])
    .filter((client): client is string => !!client)
    .sort();
}

describe("SDK clients at each function's cold start", () => {
  for (const [name, clients] of Object.entries(EXPECTED))
    it(name, { timeout: 60_000 }, async () => {
      expect(await coldStartClients(name)).toEqual(clients);
    });
});
