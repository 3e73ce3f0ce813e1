import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import {
  AcmCertificateReader,
  CloudTrailPriorState,
  ConfigHistoryPriorState,
  createAcmClient,
  createKmsClient,
  DynamoDbStateStore,
  FirstKnownPriorState,
  KmsActuator,
  KmsKeyReader,
  OperationRateLimiter,
  PUBLISHED_QUOTAS,
  SnsNotifier,
  settingsFromParameter,
} from "../aws";
import { cachedSecret, SlackNotifier } from "../notify";
import { JiraTicketer, OpsCenterTicketer } from "../tickets";
import { readEnvironment } from "./environment";
import { assembleRuntime, type Runtime } from "./runtime";

/**
 * The runtime of a deployed function, from its environment and the settings parameter.
 * Runs at cold start: bad settings or environment stop the function there, loudly.
 */
export async function createLambdaRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const environment = readEnvironment(env);
  const region = environment.AWS_REGION;
  const logger = new Logger({ serviceName: "keysentry" });
  const metrics = new Metrics({ namespace: "keysentry", serviceName: "keysentry" });
  const ssm = new SSMClient({ region });
  const settings = await settingsFromParameter(ssm, environment.KEYSENTRY_SETTINGS_PARAMETER);
  const roleArn = environment.KEYSENTRY_REMEDIATION_ROLE_ARN;
  const secrets = new SecretsManagerClient({ region });
  const { slack } = settings.alerts;
  const { opsCenter, jira } = settings.tickets;
  // Every function reads within its share of the published quotas; the sweep is the one that needs it.
  const limiter = OperationRateLimiter.share(PUBLISHED_QUOTAS, settings.sweep.quotaShare);
  const reader = new KmsKeyReader(limiter.attach(createKmsClient({ region })));
  return assembleRuntime({
    region,
    settings,
    logger,
    metrics,
    readers: {
      keys: reader,
      certificates: new AcmCertificateReader(limiter.attach(createAcmClient({ region }))),
    },
    store: new DynamoDbStateStore(new DynamoDBClient({ region }), environment.KEYSENTRY_STATE_TABLE),
    notifiers: [
      ...(environment.KEYSENTRY_ALERT_TOPIC_ARN
        ? [new SnsNotifier(new SNSClient({ region }), environment.KEYSENTRY_ALERT_TOPIC_ARN)]
        : []),
      ...(environment.KEYSENTRY_CENTRAL_TOPIC_ARN
        ? [new SnsNotifier(new SNSClient({ region }), environment.KEYSENTRY_CENTRAL_TOPIC_ARN, "central-sns")]
        : []),
      ...(slack
        ? [new SlackNotifier({ webhookUrl: cachedSecret(secrets, slack.webhookSecretId, "url") })]
        : []),
    ],
    ticketers: [
      ...(opsCenter ? [new OpsCenterTicketer(ssm, opsCenter.category)] : []),
      ...(jira
        ? [new JiraTicketer({ ...jira, apiToken: cachedSecret(secrets, jira.tokenSecretId, "token") })]
        : []),
    ],
    remediation: roleArn
      ? {
          roleArn,
          // Writes go through the remediation role, so its CloudTrail records are recognisable (loop guard).
          actuator: new KmsActuator(
            createKmsClient({
              region,
              credentials: fromTemporaryCredentials({
                params: { RoleArn: roleArn, RoleSessionName: "keysentry-remediation" },
              }),
            }),
          ),
          priorState: new FirstKnownPriorState(
            [
              new ConfigHistoryPriorState(new ConfigServiceClient({ region })),
              new CloudTrailPriorState(new CloudTrailClient({ region })),
            ],
            (error) => logger.warn("prior key state lookup failed", { error: error as Error }),
          ),
        }
      : undefined,
  });
}
