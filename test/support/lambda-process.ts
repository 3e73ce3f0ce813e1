import { spawn } from "node:child_process";
import { readSampleAccount } from "../../cli/demo";
import { type LocalAws, startLocalAws } from "../../local-aws";
import { startDynalite } from "./dynalite";
import { type Received, type Receiver, startReceiver } from "./http-receiver";
import { TEST_CREDENTIALS } from "./sample-account";

export interface BundleRun {
  /** Importing the bundle: module evaluation plus the cold-start work at its top level (settings read). */
  initMs: number;
  /** The first invocation, with whatever it loads on first use. */
  invokeMs: number;
  result: unknown;
  stdout: string;
  stderr: string;
}

const MARK = "KEYSENTRY-BUNDLE-RUN ";

/**
 * Runs a built function bundle the way Lambda's Node.js runtime does: a fresh process imports
 * it (its top-level await is the function's init), then calls `handler(event, context)` once.
 */
export async function runBundle(options: {
  bundle: string;
  env: Record<string, string>;
  event: unknown;
  functionArn: string;
}): Promise<BundleRun> {
  const driver = `
    const started = performance.now();
    const { handler } = await import(${JSON.stringify(options.bundle)});
    const imported = performance.now();
    const context = {
      functionName: "keysentry-under-test",
      invokedFunctionArn: ${JSON.stringify(options.functionArn)},
      awsRequestId: "00000000-0000-4000-8000-000000000000",
      getRemainingTimeInMillis: () => 60000,
    };
    const result = await handler(${JSON.stringify(options.event)}, context);
    const done = performance.now();
    console.log(${JSON.stringify(MARK)} + JSON.stringify({ initMs: imported - started, invokeMs: done - imported, result }));
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", driver], {
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const line = stdout.split("\n").find((l) => l.startsWith(MARK));
  if (code !== 0 || !line) throw new Error(`bundle run failed (exit ${code}):\n${stderr}\n${stdout}`);
  return { ...JSON.parse(line.slice(MARK.length)), stdout, stderr };
}

/** SSM's GetParameter (AWS JSON 1.1) and SNS's Publish (query protocol, XML), as far as keysentry uses them. */
function ssmAndSns(settings: object): Promise<Receiver> {
  return startReceiver((request) => {
    if (request.headers["x-amz-target"] === "AmazonSSM.GetParameter")
      return {
        status: 200,
        headers: { "content-type": "application/x-amz-json-1.1" },
        body: { Parameter: { Name: SETTINGS_PARAMETER, Type: "String", Value: JSON.stringify(settings) } },
      };
    if (request.body.startsWith("Action=Publish"))
      return {
        status: 200,
        headers: { "content-type": "text/xml" },
        body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
      };
    return { status: 400, body: { __type: "UnknownOperationException" } };
  });
}

const SETTINGS_PARAMETER = "/keysentry/settings";

export interface DeploymentDouble {
  /** The environment the stack gives a function, with every AWS endpoint pointing here. */
  env: Record<string, string>;
  aws: LocalAws;
  /** SSM and SNS requests, in order. */
  received: Received[];
  /** Points the environment at a new, empty state table: the next alert is news again. */
  freshStateTable(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything a deployed function talks to, on loopback: KMS and ACM (the local endpoint with
 * the sample account), DynamoDB (dynalite, a fresh state table), SSM (the settings) and SNS.
 */
export async function startDeploymentDouble(now: Date, settings: object = {}): Promise<DeploymentDouble> {
  const seed = readSampleAccount(now);
  const aws = await startLocalAws({ seed, clock: () => now });
  const dynamo = await startDynalite();
  const receiver = await ssmAndSns(settings);
  const env: Record<string, string> = {
    AWS_REGION: seed.region,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_KMS: aws.url,
    AWS_ENDPOINT_URL_ACM: aws.url,
    AWS_ENDPOINT_URL_SSM: receiver.url,
    AWS_ENDPOINT_URL_SNS: receiver.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    KEYSENTRY_SETTINGS_PARAMETER: SETTINGS_PARAMETER,
    KEYSENTRY_STATE_TABLE: await dynamo.createStateTable(),
    KEYSENTRY_ALERT_TOPIC_ARN: `arn:aws:sns:${seed.region}:${seed.account}:keysentry-alerts`,
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "WARN",
  };
  return {
    aws,
    received: receiver.received,
    env,
    async freshStateTable() {
      env.KEYSENTRY_STATE_TABLE = await dynamo.createStateTable();
    },
    close: async () => {
      await Promise.all([aws.close(), dynamo.close(), receiver.close()]);
    },
  };
}
