import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** Secrets change rarely; reading them once per five minutes keeps rotation working and calls few. */
const TTL_MS = 5 * 60_000;

/**
 * A secret's value from Secrets Manager, cached per container. A JSON secret is read at `field`
 * (Slack webhooks are often stored as {"url": "..."}); a plain string is used as is.
 */
export function cachedSecret(
  client: SecretsManagerClient,
  secretId: string,
  field?: string,
  now = () => Date.now(),
): () => Promise<string> {
  let cached: { value: string; at: number } | undefined;
  return async () => {
    if (cached && now() - cached.at < TTL_MS) return cached.value;
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    let value = SecretString ?? "";
    if (field && value.trimStart().startsWith("{")) {
      const parsed = JSON.parse(value) as Record<string, unknown>;
      if (typeof parsed[field] !== "string")
        throw new Error(`secret ${secretId} has no string field "${field}"`);
      value = parsed[field] as string;
    }
    cached = { value, at: now() };
    return value;
  };
}
