import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { beforeEach, describe, expect, it } from "vitest";
import { cachedSecret } from "../../../shared/channels";
import { mockAws } from "../../support/mock-aws";

const secrets = mockAws(SecretsManagerClient);
beforeEach(() => secrets.reset());

describe("cachedSecret", () => {
  it("reads a JSON field or a plain string, and caches for five minutes", async () => {
    secrets
      .on(GetSecretValueCommand, { SecretId: "slack" })
      .resolves({ SecretString: '{"url":"https://hooks.slack.com/services/T/B/x"}' });
    secrets
      .on(GetSecretValueCommand, { SecretId: "plain" })
      .resolves({ SecretString: "https://hooks.slack.com/services/T/B/y" });
    let clock = 0;
    const read = cachedSecret(new SecretsManagerClient({ region: "eu-west-1" }), "slack", "url", () => clock);
    expect(await read()).toBe("https://hooks.slack.com/services/T/B/x");
    clock = 60_000;
    await read();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    clock = 6 * 60_000;
    await read();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(await cachedSecret(new SecretsManagerClient({ region: "eu-west-1" }), "plain", "url")()).toBe(
      "https://hooks.slack.com/services/T/B/y",
    );
  });

  it("names a missing field without printing the secret", async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: '{"webhook":"https://hooks.slack.com/services/T/B/z"}' });
    const read = cachedSecret(new SecretsManagerClient({ region: "eu-west-1" }), "slack", "url");
    await expect(read()).rejects.toThrow(new Error('secret slack has no string field "url"'));
  });
});
