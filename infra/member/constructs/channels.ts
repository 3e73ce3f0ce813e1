import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { Settings } from "../../../shared/settings";

export interface ChannelsProps {
  settings: Settings;
  functions: readonly lambda.Function[];
}

/**
 * What the configured alert and ticket channels need beyond the alert topic: the Slack and Jira
 * secrets, and OpsCenter. A channel that is not configured is granted nothing.
 */
export class Channels extends Construct {
  constructor(scope: Construct, id: string, { settings, functions }: ChannelsProps) {
    super(scope, id);
    const secretIds = [settings.alerts.slack?.webhookSecretId, settings.tickets.jira?.tokenSecretId].filter(
      (s): s is string => !!s,
    );
    for (const secretId of secretIds) {
      for (const fn of functions) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ["secretsmanager:GetSecretValue"],
            // Secrets Manager appends six random characters to a secret's name in its ARN.
            resources: [
              `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretId}-??????`,
            ],
          }),
        );
      }
    }
    if (!settings.tickets.opsCenter) return;
    for (const fn of functions) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "OpsCenterTickets",
          // Open, find (by the finding's ticket key) and resolve OpsItems; none of these can be scoped to a resource.
          actions: ["ssm:CreateOpsItem", "ssm:DescribeOpsItems", "ssm:UpdateOpsItem"],
          resources: ["*"],
        }),
      );
    }
  }
}
