/**
 * What preflight reads of one region of the account, through the SDK: AWS Config's recorder,
 * the trails that reach the region, Lambda's concurrency quota and, when asked, Security Hub.
 * Every answer is checked for the structure AWS always returns (./answers.ts).
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from "@aws-sdk/client-cloudtrail";
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from "@aws-sdk/client-config-service";
import { GetAccountSettingsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { DescribeHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { MetadataBearer, MiddlewareStack } from "@smithy/types";
import { config, retryEveryServerError } from "../../shared/aws/clients";
import * as z from "../../shared/zod";
import { AwsUnreadableError, explainAwsFailure, FailedCalls } from "../aws-failure";
import { printable } from "../printable";
import {
  accountSettingsAnswer,
  eventSelectorsAnswer,
  hubAnswer,
  recorderStatusAnswer,
  recordersAnswer,
  trailStatusAnswer,
  trailsAnswer,
} from "./answers";
import { PREFLIGHT_CALLS } from "./calls";
import { managementLogging } from "./cloudtrail";
import type { RecorderFacts, RegionFacts, TrailFacts } from "./facts";

export interface ReadOptions {
  region: string;
  endpoint?: string;
  profile?: string;
  /** Read Security Hub's subscription (the settings turn its channel on). */
  securityHub: boolean;
}

type Client = { middlewareStack: MiddlewareStack<object, MetadataBearer> };

/** The clients may make only the calls PREFLIGHT_CALLS declares, so the policy printed is the one needed. */
function declaredOnly<C extends Client>(client: C, service: string): C {
  client.middlewareStack.add(
    (next, context) => (args) => {
      const action = `${service}:${String(context.commandName).replace(/Command$/, "")}`;
      if (!(PREFLIGHT_CALLS as readonly string[]).includes(action))
        throw new Error(`preflight called ${action}, which PREFLIGHT_CALLS does not declare`);
      return next(args);
    },
    { step: "initialize", name: "keysentryPreflightCalls" },
  );
  return client;
}

/** The answer in the shape AWS always gives, or AwsUnreadableError naming what is missing. */
function checked<S extends z.ZodMiniType>(
  schema: S,
  answer: unknown,
  operation: string,
  options: ReadOptions,
): z.infer<S> {
  const result = schema.safeParse(answer);
  if (result.success) return result.data;
  const { path, problem } = z.firstIssue(result.error);
  throw notAws(operation, options, `${path || "the answer"}: ${problem}`);
}

function notAws(operation: string, options: ReadOptions, what: string): AwsUnreadableError {
  const where = [` in ${options.region}`, options.endpoint && ` at ${options.endpoint}`]
    .filter(Boolean)
    .join("");
  return new AwsUnreadableError(
    `the answer to ${operation}${where} is not what AWS returns (${printable(what)}): check --endpoint`,
  );
}

/** Security Hub answers InvalidAccessException to an account that has not enabled it (API reference, DescribeHub). */
const NOT_SUBSCRIBED = "InvalidAccessException";

/** Sends one read and checks its answer. */
type Read = <S extends z.ZodMiniType>(
  schema: S,
  operation: string,
  sending: Promise<unknown>,
) => Promise<z.infer<S>>;

async function readRecorder(
  client: ConfigServiceClient,
  read: Read,
  options: ReadOptions,
): Promise<RecorderFacts | undefined> {
  const [recorder] = (
    await read(
      recordersAnswer,
      "DescribeConfigurationRecorders",
      client.send(new DescribeConfigurationRecordersCommand({})),
    )
  ).ConfigurationRecorders;
  if (!recorder) return undefined;
  const statuses = await read(
    recorderStatusAnswer,
    "DescribeConfigurationRecorderStatus",
    client.send(
      new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [recorder.name] }),
    ),
  );
  const status = statuses.ConfigurationRecordersStatus.find((s) => s.name === recorder.name);
  if (!status)
    throw notAws(
      "DescribeConfigurationRecorderStatus",
      options,
      `no status for recorder ${recorder.name}, which it was asked for`,
    );
  return { ...recorder, ...status };
}

/** An answer from the service refusing the call (4xx, not throttling): its error code. */
function refusal(error: unknown): string | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as Error).name;
  return status && status >= 400 && status < 500 && !name.includes("Throttl") ? name : undefined;
}

/**
 * A trail's event selectors. A member account may see the organization's trail and its status
 * (API reference, GetTrailStatus), but its selectors are the management account's: a refusal
 * there leaves them unknown, for the check to say, instead of making the account unreadable.
 */
async function selectorsOf(
  client: CloudTrailClient,
  trail: { TrailARN: string; IsOrganizationTrail: boolean },
  read: Read,
): Promise<Pick<TrailFacts, "management" | "selectorsRefused">> {
  try {
    const answer = await read(
      eventSelectorsAnswer,
      "GetEventSelectors",
      client.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN })),
    );
    return { management: managementLogging(answer) };
  } catch (error) {
    const code = trail.IsOrganizationTrail ? refusal(error) : undefined;
    if (code) return { selectorsRefused: code };
    throw error;
  }
}

async function readTrails(client: CloudTrailClient, region: string, read: Read): Promise<TrailFacts[]> {
  // Shadow trails are included by default: multi-region trails from elsewhere and organization trails.
  const listed = await read(trailsAnswer, "DescribeTrails", client.send(new DescribeTrailsCommand({})));
  const trails: TrailFacts[] = [];
  for (const trail of listed.trailList) {
    if (trail.HomeRegion !== region && !trail.IsMultiRegionTrail) continue;
    // A shadow or organization trail is found only by its ARN (API reference, GetTrailStatus).
    const name = trail.TrailARN;
    const status = await read(
      trailStatusAnswer,
      "GetTrailStatus",
      client.send(new GetTrailStatusCommand({ Name: name })),
    );
    trails.push({
      name: trail.Name,
      arn: trail.TrailARN,
      multiRegion: trail.IsMultiRegionTrail,
      organization: trail.IsOrganizationTrail,
      logging: status.IsLogging,
      ...(status.IsLogging ? await selectorsOf(client, trail, read) : {}),
    });
  }
  return trails;
}

async function hubEnabled(client: SecurityHubClient, read: Read): Promise<boolean> {
  try {
    await read(hubAnswer, "DescribeHub", client.send(new DescribeHubCommand({})));
    return true;
  } catch (error) {
    if ((error as Error).name === NOT_SUBSCRIBED && (error as { $metadata?: object }).$metadata) return false;
    throw error;
  }
}

export async function readRegion(options: ReadOptions): Promise<RegionFacts> {
  const failed = new FailedCalls();
  const settings = config(options);
  const build = <C extends Client>(client: C, service: string): C => {
    retryEveryServerError(client);
    return failed.watch(declaredOnly(client, service));
  };
  const configService = build(new ConfigServiceClient(settings), "config");
  const cloudTrail = build(new CloudTrailClient(settings), "cloudtrail");
  const lambda = build(new LambdaClient(settings), "lambda");
  const securityHub = build(new SecurityHubClient(settings), "securityhub");
  const read: Read = async (schema, operation, sending) => checked(schema, await sending, operation, options);
  try {
    const recorder = await readRecorder(configService, read, options);
    const trails = await readTrails(cloudTrail, options.region, read);
    const { AccountLimit } = await read(
      accountSettingsAnswer,
      "GetAccountSettings",
      lambda.send(new GetAccountSettingsCommand({})),
    );
    return {
      region: options.region,
      recorder,
      trails,
      lambda: {
        concurrentExecutions: AccountLimit.ConcurrentExecutions,
        unreservedConcurrentExecutions: AccountLimit.UnreservedConcurrentExecutions,
      },
      securityHub: options.securityHub ? await hubEnabled(securityHub, read) : undefined,
    };
  } catch (error) {
    if (error instanceof AwsUnreadableError) throw error;
    const line = explainAwsFailure(
      error,
      { region: options.region, endpoint: options.endpoint, policy: "keysentry permissions --preflight" },
      failed.operationOf(error),
    );
    // AWS's messages can quote names from the account (a trail's): they reach stderr printable.
    throw line ? new AwsUnreadableError(printable(line), { cause: error }) : error;
  } finally {
    for (const client of [configService, cloudTrail, lambda, securityHub]) client.destroy();
  }
}
