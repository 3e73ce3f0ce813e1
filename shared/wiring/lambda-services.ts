import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SSMClient } from "@aws-sdk/client-ssm";
import type { KeyActuator, PriorKeyState } from "../actions";
import { timeouts } from "../aws/clients";
import { DynamoDbFindingLedger } from "../aws/dynamodb-finding-ledger";
import { DynamoDbStateStore } from "../aws/dynamodb-state-store";
import { DynamoDbSweepLease } from "../aws/dynamodb-sweep-lease";
import { OperationRateLimiter, PUBLISHED_QUOTAS } from "../aws/quotas";
import { settingsFromParameter } from "../aws/ssm-settings";
import { assembleServices, type Services } from "../services";
import type { Continuation, SweepLease } from "../sweep";
import { buildChannels, settingsChannels, stackTopics } from "./channels";
import { readEnvironment } from "./environment";
import { lazyAdapter } from "./lazy-adapter";
import { type ColdStartReaders, lambdaReaders } from "./readers";

// The static imports above are what every invocation uses. The adapters below (and the channels,
// ./channels.ts, and the readers a function does not build at cold start, ./readers.ts) are
// import()ed on first use, so a cold start does not parse the SNS, Secrets Manager, Config,
// CloudTrail, STS and Lambda clients that most invocations never call.

function remediationParts(
  region: string,
  roleArn: string,
  logger: Logger,
): { actuator: KeyActuator; priorState: PriorKeyState } {
  const actuator = lazyAdapter(async () => {
    const [{ fromTemporaryCredentials }, { KmsActuator }, { createKmsClient }] = await Promise.all([
      import("@aws-sdk/credential-providers"),
      import("../aws/kms-actuator"),
      import("../aws/kms-client"),
    ]);
    // Writes go through the remediation role, so its CloudTrail records are recognisable (loop guard).
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: "keysentry-remediation" },
    });
    return new KmsActuator(createKmsClient({ region, credentials }));
  }, ["enableKeyRotation", "cancelKeyDeletion", "enableKey", "revokeGrant"]);
  const priorState = lazyAdapter(async () => {
    const [{ ConfigServiceClient }, { CloudTrailClient }, prior] = await Promise.all([
      import("@aws-sdk/client-config-service"),
      import("@aws-sdk/client-cloudtrail"),
      import("../aws/prior-key-state"),
    ]);
    return new prior.FirstKnownPriorState(
      [
        new prior.ConfigHistoryPriorState(new ConfigServiceClient({ region, requestHandler: timeouts() })),
        new prior.CloudTrailPriorState(new CloudTrailClient({ region, requestHandler: timeouts() })),
      ],
      (error) => logger.warn("prior key state lookup failed", { error: error as Error }),
    );
  }, ["stateBeforeDeletion"]);
  return { actuator, priorState };
}

/** Continues a sweep through an asynchronous self-invocation; the Lambda client loads when needed. */
export function lambdaContinuation(region: string): Continuation {
  return lazyAdapter(async () => {
    const [{ LambdaClient }, { LambdaContinuation }] = await Promise.all([
      import("@aws-sdk/client-lambda"),
      import("../aws/lambda-continuation"),
    ]);
    return new LambdaContinuation(new LambdaClient({ region, requestHandler: timeouts() }));
  }, ["continueFrom"]);
}

/** One DynamoDB client a region: the state store, the findings ledger and the sweep's lease share it. */
const dynamoClients = new Map<string, DynamoDBClient>();
function dynamoClient(region: string): DynamoDBClient {
  const known = dynamoClients.get(region);
  if (known) return known;
  const client = new DynamoDBClient({ region, requestHandler: timeouts() });
  dynamoClients.set(region, client);
  return client;
}

/** The sweep's lease, an item of the state table the environment names. */
export function sweepLease(region: string, env: NodeJS.ProcessEnv = process.env): SweepLease {
  return new DynamoDbSweepLease(dynamoClient(region), readEnvironment(env).KEYSENTRY_STATE_TABLE);
}

/**
 * The services of a deployed function, from its environment and the settings parameter, with
 * the readers it uses on every invocation built now and the others loaded on first read.
 * Runs at cold start: bad settings or environment stop the function there, loudly.
 */
export async function createLambdaServices(
  coldStart: ColdStartReaders,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Services> {
  const environment = readEnvironment(env);
  const region = environment.AWS_REGION;
  const logger = new Logger({ serviceName: "keysentry" });
  const metrics = new Metrics({ namespace: "keysentry", serviceName: "keysentry" });
  const ssm = new SSMClient({ region, requestHandler: timeouts() });
  const settings = await settingsFromParameter(ssm, environment.KEYSENTRY_SETTINGS_PARAMETER);
  const roleArn = environment.KEYSENTRY_REMEDIATION_ROLE_ARN;
  // Every function reads within its share of the published quotas; the sweep is the one that needs it.
  const limiter = OperationRateLimiter.share(PUBLISHED_QUOTAS, settings.quotaShare);
  const dynamodb = dynamoClient(region);
  const { notifiers, ticketers, sinks } = buildChannels(
    [
      ...stackTopics({
        alert: environment.KEYSENTRY_ALERT_TOPIC_ARN,
        central: environment.KEYSENTRY_CENTRAL_TOPIC_ARN,
      }),
      ...settingsChannels(settings),
    ],
    region,
    // The Security Hub channel's memory shares the state table (its own key prefix, the same TTL).
    new DynamoDbFindingLedger(dynamodb, environment.KEYSENTRY_STATE_TABLE),
  );
  return assembleServices({
    region,
    settings,
    logger,
    metrics,
    readers: lambdaReaders(region, limiter, coldStart),
    store: new DynamoDbStateStore(dynamodb, environment.KEYSENTRY_STATE_TABLE),
    notifiers,
    ticketers,
    sinks,
    remediation: roleArn ? { roleArn, ...remediationParts(region, roleArn, logger) } : undefined,
  });
}
