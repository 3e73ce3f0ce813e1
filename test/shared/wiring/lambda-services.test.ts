import { EnableKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { afterEach, describe, expect, it } from "vitest";
import { RULES } from "../../../shared/rules";
import { SettingsError } from "../../../shared/settings";
import { createLambdaServices, EnvironmentError, lambdaContinuation } from "../../../shared/wiring";
import { alert } from "../../support/alerts";
import { startReceiver } from "../../support/http-receiver";
import { mockAws } from "../../support/mock-aws";

const ssm = mockAws(SSMClient);
const sns = mockAws(SNSClient);
const kms = mockAws(KMSClient);
const secrets = mockAws(SecretsManagerClient);
const lambda = mockAws(LambdaClient);
afterEach(() => {
  ssm.reset();
  sns.reset();
  kms.reset();
  secrets.reset();
  lambda.reset();
});

const env = {
  AWS_REGION: "eu-west-1",
  KEYSENTRY_SETTINGS_PARAMETER: "/keysentry/settings",
  KEYSENTRY_STATE_TABLE: "keysentry-state",
  KEYSENTRY_ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:111122223333:keysentry-alerts",
  KEYSENTRY_REMEDIATION_ROLE_ARN: "arn:aws:iam::111122223333:role/keysentry-remediation-eu-west-1",
};

describe("createLambdaServices (cold start)", () => {
  it("builds the pipeline from the environment and the settings parameter", async () => {
    ssm.on(GetParameterCommand, { Name: "/keysentry/settings" }).resolves({
      Parameter: {
        Value: JSON.stringify({
          rules: { "kms-key-enabled": { mode: "remediate" } },
          alerts: { slack: { webhookSecretId: "keysentry/slack" } },
          tickets: {
            opsCenter: {},
            jira: {
              baseUrl: "https://example.atlassian.net",
              projectKey: "SEC",
              email: "bot@example.com",
              tokenSecretId: "keysentry/jira",
            },
          },
        }),
      },
    });
    const services = await createLambdaServices({}, env);
    const { dispatch, remediationRoleArn, selections } = services.pipeline;
    expect(remediationRoleArn).toBe(env.KEYSENTRY_REMEDIATION_ROLE_ARN);
    expect(dispatch.notifiers.map((n) => n.name)).toEqual(["sns", "slack"]);
    expect(dispatch.ticketers.map((t) => t.name)).toEqual(["opscenter", "jira"]);
    expect(dispatch.rules.get("kms-key-enabled")?.mode).toBe("remediate");
    expect(selections).toHaveLength(RULES.length);
    expect(dispatch.remediation).toBeDefined();
  });

  it("fails loudly on a bad settings document, naming the field", async () => {
    ssm.on(GetParameterCommand).resolves({
      Parameter: {
        Value: JSON.stringify({ rules: { "kms-rotation-period": { params: { maxPeriodDays: 10 } } } }),
      },
    });
    const error = await createLambdaServices({}, env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).path).toBe("rules.kms-rotation-period.params.maxPeriodDays");
  });

  it("fails loudly on a settings parameter that is not JSON", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "mode=remediate" } });
    await expect(createLambdaServices({}, env)).rejects.toThrow(
      /SSM parameter \/keysentry\/settings is not JSON/,
    );
  });

  it("fails loudly on a missing environment variable", async () => {
    const { KEYSENTRY_STATE_TABLE: _table, ...rest } = env;
    await expect(createLambdaServices({}, rest)).rejects.toThrow(
      new EnvironmentError(
        "environment variable KEYSENTRY_STATE_TABLE: Invalid input: expected string, received undefined",
      ),
    );
  });

  it("runs without remediation where no remediation role is deployed", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{}" } });
    const { KEYSENTRY_REMEDIATION_ROLE_ARN: _role, ...rest } = env;
    const services = await createLambdaServices({}, rest);
    expect(services.pipeline.dispatch.remediation).toBeUndefined();
  });

  it("loads the adapters most invocations never use on their first call, and they work", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{}" } });
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    kms.on(EnableKeyCommand).resolves({});
    const { dispatch } = (await createLambdaServices({}, env)).pipeline;
    await dispatch.notifiers[0]?.send(alert);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.TopicArn).toBe(env.KEYSENTRY_ALERT_TOPIC_ARN);
    await dispatch.remediation?.actuator.enableKey("1234abcd-12ab-34cd-56ef-1234567890ab");
    expect(kms.commandCalls(EnableKeyCommand)).toHaveLength(1);
  });

  it("publishes to a central topic in another region through a client of that region", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{}" } });
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    const central = "arn:aws:sns:us-east-1:999988887777:keysentry-central";
    const { dispatch } = (await createLambdaServices({}, { ...env, KEYSENTRY_CENTRAL_TOPIC_ARN: central }))
      .pipeline;
    await dispatch.notifiers.find((n) => n.name === "central-sns")?.send(alert);
    const [call] = sns.commandCalls(PublishCommand);
    expect(call?.args[0].input.TopicArn).toBe(central);
    expect(await call?.thisValue.config.region()).toBe("us-east-1");
  });

  it("reads the Slack webhook from Secrets Manager once, on the first alert, and posts it", async () => {
    const slack = await startReceiver(() => ({ status: 200, body: "ok" }));
    try {
      ssm.on(GetParameterCommand).resolves({
        Parameter: { Value: JSON.stringify({ alerts: { slack: { webhookSecretId: "keysentry/slack" } } }) },
      });
      secrets
        .on(GetSecretValueCommand, { SecretId: "keysentry/slack" })
        .resolves({ SecretString: JSON.stringify({ url: `${slack.url}/services/T0/B0/x` }) });
      const { dispatch } = (await createLambdaServices({}, env)).pipeline;
      expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
      const notifier = dispatch.notifiers.find((n) => n.name === "slack");
      await notifier?.send(alert);
      await notifier?.send(alert);
      expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
      expect(slack.received.map((r) => r.path)).toEqual(["/services/T0/B0/x", "/services/T0/B0/x"]);
    } finally {
      await slack.close();
    }
  });

  it("continues a sweep by invoking the same function asynchronously with the cursor", async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const functionArn = "arn:aws:lambda:eu-west-1:111122223333:function:keysentry-sweep";
    await lambdaContinuation("eu-west-1").continueFrom({ keys: 40, certificates: 7 }, {
      invokedFunctionArn: functionArn,
    } as never);
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ FunctionName: functionArn, InvocationType: "Event" });
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual({
      cursor: { keys: 40, certificates: 7 },
    });
  });
});
