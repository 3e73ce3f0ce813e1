import { spawn } from "node:child_process";
import { readSampleAccount } from "../../cli/demo";
import { type LocalAws, startLocalAws } from "../../local-aws";
import { startDynalite } from "./dynalite";
import {
  type AssumedRole,
  type Backends,
  type SignedCall,
  startRecordingEndpoint,
} from "./recording-endpoint";
import { TEST_CREDENTIALS } from "./sample-account";

export interface BundleRun {
  /** Importing the bundle: module evaluation plus the cold-start work at its top level (settings read). */
  initMs: number;
  /** The first invocation, with whatever it loads on first use. */
  invokeMs: number;
  /** The first invocation's result. */
  result: unknown;
  /** Each invocation's result, or `{ error }` with the message of what it threw. */
  results: unknown[];
  stdout: string;
  stderr: string;
}

/** One invocation: its event, and the time Lambda says is left (a sweep stops early when it is short). */
export interface Invocation {
  event: unknown;
  remainingMs?: number;
}

const MARK = "KEYSENTRY-BUNDLE-RUN ";

/**
 * Runs a built function bundle the way Lambda's Node.js runtime does: a fresh process imports
 * it (its top-level await is the function's init), then calls `handler(event, context)` for the
 * event, or for each invocation in turn, as one warm execution environment would.
 */
export async function runBundle(
  options: {
    bundle: string;
    env: Record<string, string>;
    functionArn: string;
  } & ({ event: unknown } | { invocations: readonly Invocation[] }),
): Promise<BundleRun> {
  const invocations = "invocations" in options ? options.invocations : [{ event: options.event }];
  const driver = `
    const started = performance.now();
    const { handler } = await import(${JSON.stringify(options.bundle)});
    const imported = performance.now();
    // The invocations arrive on standard input: a command line holds at most 128 KiB.
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const invocations = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const results = [];
    let firstDone;
    for (const { event, remainingMs = 60000 } of invocations) {
      const context = {
        functionName: "keysentry-under-test",
        invokedFunctionArn: ${JSON.stringify(options.functionArn)},
        awsRequestId: "00000000-0000-4000-8000-000000000000",
        getRemainingTimeInMillis: () => remainingMs,
      };
      try {
        results.push(await handler(event, context));
      } catch (error) {
        results.push({ error: String(error?.message ?? error) });
      }
      firstDone ??= performance.now();
    }
    console.log(${JSON.stringify(MARK)} + JSON.stringify({ initMs: imported - started, invokeMs: firstDone - imported, result: results[0], results }));
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", driver], {
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
  child.stdin.end(JSON.stringify(invocations));
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const line = stdout.split("\n").find((l) => l.startsWith(MARK));
  if (code !== 0 || !line) throw new Error(`bundle run failed (exit ${code}):\n${stderr}\n${stdout}`);
  return { ...JSON.parse(line.slice(MARK.length)), stdout, stderr };
}

const SETTINGS_PARAMETER = "/keysentry/settings";

/** The SDK's endpoint variable of each service a function may call (AWS SDKs and Tools Reference Guide, "Service-specific endpoints"). */
const ENDPOINT_VARIABLES = [
  "KMS",
  "ACM",
  "ACM_PCA",
  "RESOURCE_GROUPS_TAGGING_API",
  "DYNAMODB",
  "SSM",
  "SNS",
  "CONFIG_SERVICE",
  "CLOUDTRAIL",
  "STS",
  "LAMBDA",
  "SECRETS_MANAGER",
  "SECURITYHUB",
].map((service) => `AWS_ENDPOINT_URL_${service}`);

export interface DeploymentDouble {
  /** The environment the stack gives a function, with every AWS endpoint pointing here. */
  env: Record<string, string>;
  aws: LocalAws;
  /** Every signed AWS request, in order, with the access key that signed it. */
  calls: SignedCall[];
  /** The role each access key AssumeRole handed out acts as, and who assumed it. */
  assumedRoles: Map<string, AssumedRole>;
  /** Unsigned requests (a Slack webhook): their paths. */
  webhooks: string[];
  /** The URL a webhook secret holds: this endpoint. */
  webhookUrl: string;
  /** Points the environment at a new, empty state table (named as given): the next alert is news again. */
  freshStateTable(name?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything a deployed function talks to, on loopback, behind one recording endpoint: KMS, ACM,
 * ACM Private CA and tagging (the local endpoint with the sample account), DynamoDB (dynalite, a
 * fresh state table), and SSM (the settings, OpsCenter), SNS, AWS Config, CloudTrail, STS,
 * Lambda, Secrets Manager (a webhook URL on the same endpoint) and Security Hub.
 */
export async function startDeploymentDouble(
  now: Date,
  settings: object = {},
  options: Pick<Backends, "refuse"> = {},
): Promise<DeploymentDouble> {
  const seed = readSampleAccount(now);
  const aws = await startLocalAws({ seed, clock: () => now });
  const dynamo = await startDynalite();
  let webhookUrl = "";
  const endpoint = await startRecordingEndpoint({
    localAws: aws.url,
    dynamodb: dynamo.url,
    settings,
    secretValue: () => webhookUrl,
    ...options,
  });
  webhookUrl = `${endpoint.url}/webhook`;
  const env: Record<string, string> = {
    AWS_REGION: seed.region,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    ...Object.fromEntries(ENDPOINT_VARIABLES.map((name) => [name, endpoint.url])),
    KEYSENTRY_SETTINGS_PARAMETER: SETTINGS_PARAMETER,
    KEYSENTRY_STATE_TABLE: await dynamo.createStateTable(),
    KEYSENTRY_ALERT_TOPIC_ARN: `arn:aws:sns:${seed.region}:${seed.account}:keysentry-alerts`,
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "WARN",
  };
  return {
    aws,
    calls: endpoint.calls,
    assumedRoles: endpoint.assumedRoles,
    webhooks: endpoint.unsigned,
    webhookUrl,
    env,
    async freshStateTable(name?: string) {
      env.KEYSENTRY_STATE_TABLE = await dynamo.createStateTable(name);
    },
    close: async () => {
      await Promise.all([aws.close(), dynamo.close(), endpoint.close()]);
    },
  };
}
