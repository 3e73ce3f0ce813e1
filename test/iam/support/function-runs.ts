/**
 * Runs each function's real bundle over the samples that reach it, against the deployment double,
 * with the environment the synthesized stack gives it, and returns what each one called.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { functionBuildOptions } from "../../../infra/member/bundle";
import { eventSourceFor } from "../../../shared/events";
import { type Invocation, runBundle, startDeploymentDouble } from "../../support/lambda-process";
import type { AssumedRole, SignedCall } from "../../support/recording-endpoint";
import type { ConfigRule } from "./deployed-policies";

const events = new URL("../../../events/", import.meta.url);

function samples(folder: string): unknown[] {
  return (
    readdirSync(new URL(`${folder}/`, events))
      // Bad rule parameters stop an invocation before any call (test/integration covers them).
      .filter((file) => file.endsWith(".json") && !file.endsWith("-bad-parameters.json"))
      .sort()
      .map((file) => JSON.parse(readFileSync(new URL(`${folder}/${file}`, events), "utf8")))
  );
}

const sampleOf = (file: string) => JSON.parse(readFileSync(new URL(`config/${file}`, events), "utf8"));

/** A private CA of the sample account, for the change notification no sample carries. */
const SAMPLE_CA =
  "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/5ca0e1d2-7b3c-4d8e-9f10-000000000001";

/** A change notification for a resource of this type, from the samples (a CA's from a certificate's). */
function changeOf(resourceType: string) {
  const sample = sampleOf(resourceType === "AWS::KMS::Key" ? "kms-change.json" : "acm-change.json");
  if (resourceType !== "AWS::ACMPCA::CertificateAuthority") return sample;
  const invoking = JSON.parse(sample.invokingEvent);
  const item = { ...invoking.configurationItem, resourceType, resourceId: SAMPLE_CA, ARN: SAMPLE_CA };
  return { ...sample, invokingEvent: JSON.stringify({ ...invoking, configurationItem: item }) };
}

/**
 * Config's invocations of each rule the stack deploys, shaped as the samples are, with the rule's
 * name and the parameters the stack gives it: scheduled, and a change of each type in its scope.
 */
function configInvocations(rules: readonly ConfigRule[]): Invocation[] {
  const scheduled = sampleOf("kms-scheduled.json");
  return rules.flatMap((rule) => {
    const named = { configRuleName: rule.name, ruleParameters: JSON.stringify(rule.parameters) };
    return [
      ...(rule.periodic ? [{ event: { ...scheduled, ...named } }] : []),
      ...rule.changedTypes.map((type) => ({ event: { ...changeOf(type), ...named } })),
    ];
  });
}

/** What each function is invoked with: every sample its trigger delivers, every periodic rule, and two sweeps. */
export function invocationsOf(bundle: string, configRules: readonly ConfigRule[]): Invocation[] {
  if (bundle === "config-rule")
    return [...samples("config").map((event) => ({ event })), ...configInvocations(configRules)];
  // A whole sweep, then one told its time is nearly up: it stops at once and continues itself.
  if (bundle === "sweep")
    return [
      { event: {}, remainingMs: 900_000 },
      { event: {}, remainingMs: 1_000 },
    ];
  return ["kms", "acm", "acmpca"]
    .flatMap(samples)
    .filter((event) => eventSourceFor((event as { source?: unknown }).source)?.functionName === bundle)
    .map((event) => ({ event }));
}

export interface FunctionRun {
  /** The deployed function's name. */
  name: string;
  /** The access key the function's own role signed with. */
  accessKeyId: string;
  calls: SignedCall[];
  /** The roles it assumed, by the access key each session signed with. */
  assumedRoles: Map<string, AssumedRole>;
  results: unknown[];
}

interface DeployedFunction {
  name: string;
  arn: string;
  environment: Record<string, string>;
}

/**
 * Each function in a process of its own, against a deployment double of its own (a remediation
 * one function makes changes nothing another reads), with the environment the stack gives it.
 */
export async function runFunctions(
  functions: readonly DeployedFunction[],
  configRules: readonly ConfigRule[],
  prefix: string,
  settings: object,
  now: Date,
): Promise<FunctionRun[]> {
  const dir = mkdtempSync(join(tmpdir(), "keysentry-iam-"));
  const bundleOf = (name: string) => name.slice(prefix.length + 1);
  async function run(fn: DeployedFunction): Promise<FunctionRun> {
    const bundle = bundleOf(fn.name);
    const double = await startDeploymentDouble(now, settings, { refuse: refusalsOf(bundle) });
    try {
      await double.freshStateTable(fn.environment.KEYSENTRY_STATE_TABLE);
      const { results } = await runBundle({
        bundle: join(dir, bundle, "index.mjs"),
        functionArn: fn.arn,
        invocations: invocationsOf(bundle, configRules),
        // The stack's environment, with the credentials and endpoints of the double.
        env: { ...fn.environment, ...awsVariables(double.env) },
      });
      return {
        name: fn.name,
        accessKeyId: double.env.AWS_ACCESS_KEY_ID!,
        calls: [...double.calls],
        assumedRoles: new Map(double.assumedRoles),
        results,
      };
    } finally {
      await double.close();
    }
  }
  // One build at a time (parallel esbuild builds each took several times as long on two cores);
  // each function runs as soon as its bundle is built, while the next one builds.
  const runs: Promise<FunctionRun>[] = [];
  for (const fn of functions) {
    const bundle = bundleOf(fn.name);
    await build({ ...functionBuildOptions(bundle, join(dir, bundle)), logLevel: "silent" });
    runs.push(run(fn));
  }
  return Promise.all(runs);
}

/**
 * A key the Config rule function cannot read: its periodic runs then report ERROR, which it
 * alerts on, the one path where that function alerts (shared/handlers/config-rule.ts).
 */
const UNREADABLE_KEY = "3ea14d85-6f70-4182-bdce-4f5a6b7c8d04";

/**
 * The error code a call is refused with, to drive a function down a path the sample account alone
 * does not: an unreadable key (Config rule function); a sweep whose bulk tag read fails (it reads
 * each troubled resource's own tags instead).
 */
function refusalsOf(bundle: string): ((call: SignedCall) => string | undefined) | undefined {
  if (bundle === "config-rule")
    return (call) =>
      call.operation === "DescribeKey" && String(call.input.KeyId).endsWith(UNREADABLE_KEY)
        ? "AccessDeniedException"
        : undefined;
  if (bundle === "sweep")
    return (call) => (call.operation === "GetResources" ? "AccessDeniedException" : undefined);
  return undefined;
}

const awsVariables = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env).filter(([name]) => name.startsWith("AWS_") || name.startsWith("POWERTOOLS_")),
  );
