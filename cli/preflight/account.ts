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
  const where = [` in ${options.region}`, options.endpoint && ` at ${options.endpoint}`]
    .filter(Boolean)
    .join("");
  throw new AwsUnreadableError(
    `the answer to ${operation}${where} is not what AWS returns (${path || "the answer"}: ${problem}): check --endpoint`,
  );
}

/** Security Hub answers InvalidAccessException to an account that has not enabled it (API reference, DescribeHub). */
const NOT_SUBSCRIBED = "InvalidAccessException";

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
  const read = <S extends z.ZodMiniType>(schema: S, operation: string, answer: unknown) =>
    checked(schema, answer, operation, options);
  try {
    const recorders = read(
      recordersAnswer,
      "DescribeConfigurationRecorders",
      await configService.send(new DescribeConfigurationRecordersCommand({})),
    ).ConfigurationRecorders;
    let recorder: RecorderFacts | undefined;
    if (recorders[0]) {
      const statuses = read(
        recorderStatusAnswer,
        "DescribeConfigurationRecorderStatus",
        await configService.send(
          new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [recorders[0].name] }),
        ),
      ).ConfigurationRecordersStatus;
      const status = statuses.find((s) => s.name === recorders[0]!.name);
      recorder = { ...recorders[0], recording: status?.recording ?? false, ...status };
    }
    // Shadow trails are included by default: multi-region trails from elsewhere and organization trails.
    const listed = read(trailsAnswer, "DescribeTrails", await cloudTrail.send(new DescribeTrailsCommand({})));
    const trails: TrailFacts[] = [];
    for (const trail of listed.trailList) {
      if (trail.HomeRegion !== options.region && !trail.IsMultiRegionTrail) continue;
      // A shadow or organization trail is found only by its ARN (API reference, GetTrailStatus).
      const status = read(
        trailStatusAnswer,
        "GetTrailStatus",
        await cloudTrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN })),
      );
      const facts: TrailFacts = {
        name: trail.Name,
        arn: trail.TrailARN,
        multiRegion: trail.IsMultiRegionTrail,
        organization: trail.IsOrganizationTrail,
        logging: status.IsLogging,
      };
      if (status.IsLogging) {
        const selectors = read(
          eventSelectorsAnswer,
          "GetEventSelectors",
          await cloudTrail.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN })),
        );
        facts.management = managementLogging(selectors);
      }
      trails.push(facts);
    }
    const limit = read(
      accountSettingsAnswer,
      "GetAccountSettings",
      await lambda.send(new GetAccountSettingsCommand({})),
    ).AccountLimit;
    return {
      region: options.region,
      recorder,
      trails,
      lambda: {
        concurrentExecutions: limit.ConcurrentExecutions,
        unreservedConcurrentExecutions: limit.UnreservedConcurrentExecutions,
      },
      securityHub: options.securityHub ? await hubEnabled(securityHub, options) : undefined,
    };
  } catch (error) {
    if (error instanceof AwsUnreadableError) throw error;
    const line = explainAwsFailure(
      error,
      { region: options.region, endpoint: options.endpoint, policy: "keysentry permissions --preflight" },
      failed.operationOf(error),
    );
    throw line ? new AwsUnreadableError(line, { cause: error }) : error;
  } finally {
    for (const client of [configService, cloudTrail, lambda, securityHub]) client.destroy();
  }
}

async function hubEnabled(client: SecurityHubClient, options: ReadOptions): Promise<boolean> {
  try {
    checked(hubAnswer, await client.send(new DescribeHubCommand({})), "DescribeHub", options);
    return true;
  } catch (error) {
    if ((error as Error).name === NOT_SUBSCRIBED && (error as { $metadata?: object }).$metadata) return false;
    throw error;
  }
}
