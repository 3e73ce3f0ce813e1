import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { type ChannelPermission, configuredChannels, type Settings } from "../../../shared/settings";

export interface ChannelsProps {
  settings: Settings;
  functions: readonly lambda.Function[];
  /** The functions that dispatch passing findings, and so resolve what a channel opened. */
  resolvers: readonly lambda.Function[];
}

/** `{partition}`, `{region}` and `{account}` in a channel's resource are the stack's own. */
function resolveResource(template: string): string {
  return template
    .replaceAll("{partition}", Aws.PARTITION)
    .replaceAll("{region}", Aws.REGION)
    .replaceAll("{account}", Aws.ACCOUNT_ID);
}

/**
 * The statements the channels that settings turn on need, from the channel registry: all of them,
 * or those a function that never resolves anything needs.
 */
export function channelStatements(settings: Settings, resolves = true): iam.PolicyStatement[] {
  return configuredChannels(settings).flatMap(({ definition, config }) => {
    const secrets = Object.values(definition.secrets?.(config) ?? {}).map(
      ({ secretId }) =>
        new iam.PolicyStatement({
          actions: ["secretsmanager:GetSecretValue"],
          // Secrets Manager appends six random characters to a secret's name in its ARN.
          resources: [
            `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretId}-??????`,
          ],
        }),
    );
    const permissions = (definition.permissions?.(config) ?? [])
      .filter((permission) => resolves || !permission.resolving)
      .map(
        (permission: ChannelPermission) =>
          new iam.PolicyStatement({
            sid: permission.sid,
            actions: [...permission.actions],
            resources: permission.resources.map(resolveResource),
          }),
      );
    return [...secrets, ...permissions];
  });
}

/**
 * What the alert and ticket channels turned on in settings need (the stack's own SNS topics are
 * granted by Alerting). A channel that is not configured is granted nothing.
 */
export class Channels extends Construct {
  constructor(scope: Construct, id: string, { settings, functions, resolvers }: ChannelsProps) {
    super(scope, id);
    for (const fn of functions)
      for (const statement of channelStatements(settings, resolvers.includes(fn)))
        fn.addToRolePolicy(statement);
  }
}
