/**
 * The event handlers as they run in Lambda, with their AWS neighbours on loopback: KMS and ACM
 * from the local endpoint (seeded with the sample account), the state table on dynalite, and
 * aws-sdk-client-mock for SNS, AWS Config history and CloudTrail.
 */
import { readFileSync } from "node:fs";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
} from "@aws-sdk/client-config-service";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type LocalAws, startLocalAws } from "../../local-aws";
import type { FindingsSink } from "../../shared/actions";
import {
  AcmCertificateReader,
  CloudTrailPriorState,
  ConfigEvaluatedResources,
  ConfigEvaluationReporter,
  ConfigHistoryPriorState,
  createAcmClient,
  createKmsClient,
  DynamoDbStateStore,
  FirstKnownPriorState,
  KmsActuator,
  KmsKeyReader,
  TaggingReader,
} from "../../shared/aws";
import { AcmPcaAuthorityReader } from "../../shared/aws/acmpca-authority-reader";
import { createAcmPcaClient } from "../../shared/aws/acmpca-client";
import { SnsNotifier } from "../../shared/channels";
import { eventReaderFor } from "../../shared/events";
import {
  type ConfigRuleResult,
  createConfigRuleHandler,
  createEventHandler,
  createSweepHandler,
} from "../../shared/handlers";
import type { EventResult } from "../../shared/pipeline";
import { assembleServices, type Services } from "../../shared/services";
import { parseSettings } from "../../shared/settings";
import type { SweepCursor, SweepResult } from "../../shared/sweep";
import { type LocalDynamo, startDynalite } from "./dynalite";
import { mockAws } from "./mock-aws";
import { sampleAccount, TEST_CREDENTIALS } from "./sample-account";

export const NOW = new Date("2026-11-01T10:00:00Z");
export const TOPIC_ARN = "arn:aws:sns:eu-west-1:111122223333:keysentry-alerts";
export const REMEDIATION_ROLE_ARN = "arn:aws:iam::111122223333:role/keysentry-remediation-eu-west-1";

/** The demo's settings with remediation opted in for the rules that have one. */
export const HARNESS_SETTINGS = {
  trustedAccounts: ["444455556666"],
  organizationId: "o-a1b2c3d4e5",
  rules: {
    "kms-rotation-enabled": { mode: "remediate" },
    "kms-rotation-period": { mode: "remediate" },
    "kms-not-pending-deletion": { mode: "remediate" },
  },
};

/** SNS, AWS Config and CloudTrail as a harness file's tests see them: stubbed while `useHarness` runs. */
export let sns: AwsClientStub<SNSClient>;
export let config: AwsClientStub<ConfigServiceClient>;
export let cloudtrail: AwsClientStub<CloudTrailClient>;

export function sample(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../events/${path}`, import.meta.url), "utf8"));
}

export const lambdaContext = {
  functionName: "keysentry-events",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:111122223333:function:keysentry-events",
  memoryLimitInMB: "256",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  logGroupName: "/aws/lambda/keysentry-events",
  logStreamName: "2026/11/01/[$LATEST]abcdef",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

export interface Harness {
  aws: LocalAws;
  services: Services;
  store: DynamoDbStateStore;
  kms(event: unknown): Promise<EventResult>;
  acm(event: unknown): Promise<EventResult>;
  configRule(event: unknown): Promise<ConfigRuleResult>;
  /** One sweep run; `remaining` says how long the invocation has left at each check. */
  sweep(event?: { cursor?: SweepCursor }, remaining?: () => number): Promise<SweepResult>;
  continuations: SweepCursor[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  logger?: Logger;
  /** The readers' per-attempt request timeout (the product's default when absent). */
  requestTimeoutMs?: number;
  /** Findings channels (Security Hub) the services feed. */
  sinks?: FindingsSink[];
}

export async function startHarness(
  dynamo: LocalDynamo,
  settings: object = HARNESS_SETTINGS,
  { logger, requestTimeoutMs, sinks }: HarnessOptions = {},
): Promise<Harness> {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "11111111-2222-3333-4444-555555555555" });
  config.reset();
  config.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [] });
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  cloudtrail.reset();
  const aws = await startLocalAws({ seed: sampleAccount(NOW), clock: () => NOW });
  const client = {
    region: "eu-west-1",
    endpoint: aws.url,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 2,
    requestTimeoutMs,
  };
  const keys = new KmsKeyReader(createKmsClient(client));
  const store = new DynamoDbStateStore(dynamo.client, await dynamo.createStateTable());
  const services = assembleServices({
    region: "eu-west-1",
    settings: parseSettings(settings),
    readers: {
      keys,
      certificates: new AcmCertificateReader(createAcmClient(client)),
      authorities: new AcmPcaAuthorityReader(createAcmPcaClient(client)),
      tagged: new TaggingReader(new ResourceGroupsTaggingAPIClient(client)),
    },
    store,
    notifiers: [
      new SnsNotifier(new SNSClient({ region: "eu-west-1", credentials: TEST_CREDENTIALS }), TOPIC_ARN),
    ],
    ticketers: [],
    sinks,
    remediation: {
      roleArn: REMEDIATION_ROLE_ARN,
      actuator: new KmsActuator(createKmsClient(client)),
      priorState: new FirstKnownPriorState([
        new ConfigHistoryPriorState(
          new ConfigServiceClient({ region: "eu-west-1", credentials: TEST_CREDENTIALS }),
        ),
        new CloudTrailPriorState(
          new CloudTrailClient({ region: "eu-west-1", credentials: TEST_CREDENTIALS }),
        ),
      ]),
    },
    logger: logger ?? new Logger({ serviceName: "keysentry", logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "keysentry", serviceName: "keysentry" }),
    now: () => NOW,
  });
  const kms = createEventHandler(eventReaderFor("kms-events"), services);
  const acm = createEventHandler(eventReaderFor("acm-events"), services);
  const configClient = new ConfigServiceClient({ region: "eu-west-1", credentials: TEST_CREDENTIALS });
  const configRule = createConfigRuleHandler(services, {
    reporter: new ConfigEvaluationReporter(configClient),
    evaluated: new ConfigEvaluatedResources(configClient),
  });
  const continuations: SweepCursor[] = [];
  const sweepHandler = createSweepHandler(services, {
    digests: services.digests,
    continuation: { continueFrom: async (cursor) => void continuations.push(cursor) },
    marginMs: 1_000,
  });
  return {
    aws,
    services,
    continuations,
    sweep: async (event = {}, remaining = () => 900_000) => {
      const result = await sweepHandler(event, { ...lambdaContext, getRemainingTimeInMillis: remaining });
      // Without a lease every run sweeps; test/integration/sweep-lease.test.ts runs them with one.
      if (!result) throw new Error("the sweep stopped without sweeping");
      return result;
    },
    store,
    kms: (event) => kms(event, lambdaContext),
    acm: (event) => acm(event, lambdaContext),
    configRule: (event) => configRule(event, lambdaContext),
    close: () => aws.close(),
  };
}

/** The SNS messages published so far, decoded. */
export function published() {
  return sns.commandCalls(PublishCommand).map((call) => {
    const input = call.args[0].input;
    return {
      topicArn: input.TopicArn,
      subject: input.Subject ?? "",
      body: JSON.parse(input.Message ?? "{}"),
      attributes: input.MessageAttributes ?? {},
    };
  });
}

/** For a test file: one dynalite for the file, a fresh harness per test, everything closed after. */
export function useHarness(): (settings?: object, options?: HarnessOptions) => Promise<Harness> {
  let dynamo: LocalDynamo | undefined;
  let current: Harness | undefined;
  // Stubbed for this file alone (mockAws removes them after it); `startHarness` resets them per test.
  sns = mockAws(SNSClient);
  config = mockAws(ConfigServiceClient);
  cloudtrail = mockAws(CloudTrailClient);
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(() => dynamo?.close());
  return async (settings?: object, options?: HarnessOptions) => {
    current = await startHarness(dynamo!, settings, options);
    return current;
  };
}

/** The evaluations written to AWS Config so far. */
export function evaluationsPut() {
  return config.commandCalls(PutEvaluationsCommand).map((call) => call.args[0].input);
}
