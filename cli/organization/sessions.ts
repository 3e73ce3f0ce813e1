import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/**
 * The session name every member account's CloudTrail shows for keysentry's reads
 * (RoleSessionName: 2 to 64 of [\w+=,.@-], STS API reference, AssumeRole).
 */
export const SESSION_NAME = "keysentry-organization-scan";

/** An assumed role's credentials are renewed this long before they expire (one hour by default). */
const RENEW_BEFORE_MS = 5 * 60_000;

/** Who runs the scan: its account is scanned with its own credentials, and its partition names the roles. */
export interface Caller {
  account: string;
  partition: string;
}

/** GetCallerIdentity needs no permission (STS API reference), so it works whatever the policy. */
export async function callerIdentity(sts: STSClient): Promise<Caller> {
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const partition = String(identity.Arn ?? "").split(":")[1];
  return {
    account: String(identity.Account ?? ""),
    partition: partition === "aws-cn" || partition === "aws-us-gov" ? partition : "aws",
  };
}

export function roleArn(caller: Caller, account: string, roleName: string): string {
  return `arn:${caller.partition}:iam::${account}:role/${roleName}`;
}

async function assume(
  sts: STSClient,
  arn: string,
  externalId: string | undefined,
): Promise<AwsCredentialIdentity> {
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: SESSION_NAME, ExternalId: externalId }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole answered no credentials for ${arn}`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}

/**
 * The role's credentials in one account, assumed now (a refusal throws the SDK's error) and
 * renewed shortly before they expire, once for every client of the account that asks.
 */
export async function assumedRole(
  sts: STSClient,
  arn: string,
  externalId: string | undefined,
  clock = () => Date.now(),
): Promise<AwsCredentialIdentityProvider> {
  let current = await assume(sts, arn, externalId);
  let renewal: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const expires = current.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
    if (expires - clock() > RENEW_BEFORE_MS) return current;
    renewal ??= assume(sts, arn, externalId).finally(() => {
      renewal = undefined;
    });
    current = await renewal;
    return current;
  };
}
