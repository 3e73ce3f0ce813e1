/** The reads of `keysentry preflight`, as the Config, CloudTrail, Lambda and Security Hub API references describe them. */
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
import { afterEach, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../local-aws";
import type { SeedAccountSetup } from "../../local-aws/seed";
import { TEST_CREDENTIALS } from "../support/sample-account";

const ACCOUNT = "111122223333";
let aws: LocalAws | undefined;

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function clients(setup?: SeedAccountSetup) {
  aws = await startLocalAws({
    seed: {
      account: ACCOUNT,
      region: "eu-west-1",
      capturedAt: "2026-06-01T00:00:00Z",
      keys: [],
      certificates: [],
      setup,
    },
  });
  const options = { region: "eu-west-1", endpoint: aws.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return {
    config: new ConfigServiceClient(options),
    cloudTrail: new CloudTrailClient(options),
    lambda: new LambdaClient(options),
    securityHub: new SecurityHubClient(options),
  };
}

describe("the account set-up the local endpoint serves", () => {
  it("is a well set-up account when the seed says nothing", async () => {
    const { config, cloudTrail, lambda, securityHub } = await clients();
    const { ConfigurationRecorders } = await config.send(new DescribeConfigurationRecordersCommand({}));
    expect(ConfigurationRecorders?.[0]?.recordingGroup?.allSupported).toBe(true);
    const { ConfigurationRecordersStatus } = await config.send(
      new DescribeConfigurationRecorderStatusCommand({}),
    );
    expect(ConfigurationRecordersStatus?.[0]?.recording).toBe(true);
    const { trailList } = await cloudTrail.send(new DescribeTrailsCommand({}));
    expect(trailList?.map((t) => [t.Name, t.IsMultiRegionTrail])).toEqual([["management-events", true]]);
    // A trail created without selectors logs every read and write management event.
    const selectors = await cloudTrail.send(new GetEventSelectorsCommand({ TrailName: "management-events" }));
    expect(selectors.EventSelectors).toEqual([
      {
        ReadWriteType: "All",
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ]);
    const { AccountLimit } = await lambda.send(new GetAccountSettingsCommand({}));
    expect(AccountLimit).toMatchObject({ ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 });
    expect((await securityHub.send(new DescribeHubCommand({}))).HubArn).toBe(
      `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`,
    );
  });

  it("lists shadow trails by default, finds them only by ARN, and leaves out other regions' single-region trails", async () => {
    const { cloudTrail } = await clients({
      trails: [
        { Name: "local", HomeRegion: "eu-west-1" },
        { Name: "global", HomeRegion: "us-east-1", IsMultiRegionTrail: true },
        { Name: "elsewhere", HomeRegion: "us-east-1" },
      ],
    });
    const all = await cloudTrail.send(new DescribeTrailsCommand({}));
    expect(all.trailList?.map((t) => t.Name)).toEqual(["local", "global"]);
    const own = await cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(own.trailList?.map((t) => t.Name)).toEqual(["local"]);
    await expect(cloudTrail.send(new GetTrailStatusCommand({ Name: "global" }))).rejects.toMatchObject({
      name: "TrailNotFoundException",
    });
    const status = await cloudTrail.send(
      new GetTrailStatusCommand({ Name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/global` }),
    );
    expect(status.IsLogging).toBe(true);
    await expect(cloudTrail.send(new GetTrailStatusCommand({ Name: "bad--name" }))).rejects.toMatchObject({
      name: "InvalidTrailNameException",
    });
  });

  it("answers a brand-new account as AWS does: no recorder, no trail, InvalidAccessException from Security Hub", async () => {
    const { config, cloudTrail, lambda, securityHub } = await clients({
      configurationRecorder: null,
      trails: [],
      lambda: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 },
      securityHub: false,
    });
    expect((await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual(
      [],
    );
    await expect(
      config.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ["default"] })),
    ).rejects.toMatchObject({ name: "NoSuchConfigurationRecorderException" });
    await expect(
      config.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ["a", "b"] })),
    ).rejects.toMatchObject({ name: "ValidationException" });
    expect((await cloudTrail.send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
    expect((await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit?.ConcurrentExecutions).toBe(
      10,
    );
    await expect(securityHub.send(new DescribeHubCommand({}))).rejects.toMatchObject({
      name: "InvalidAccessException",
      $metadata: { httpStatusCode: 401 },
    });
  });

  it("refuses an unsigned REST request and a path it does not serve", async () => {
    await clients();
    const unsigned = await fetch(`${aws!.url}/2016-08-19/account-settings`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    const unknown = await fetch(`${aws!.url}/2015-03-31/functions`, { headers: { authorization: "x" } });
    expect(unknown.status).toBe(404);
  });
});
