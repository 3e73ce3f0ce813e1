import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { Construct } from "constructs";
import { resourceScope } from "../../resource-scope";

export interface StateStoreProps {
  prefix: string;
  /** The settings document as written, stored in the SSM parameter the functions read. */
  settingsDocument: string;
}

/** What the functions remember and read: the state table and the settings parameter. */
export class StateStore extends Construct {
  readonly table: dynamodb.TableV2;
  readonly settings: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: StateStoreProps) {
    super(scope, id);
    const stack = resourceScope(this);
    // Kept when the stack is deleted (what was notified, and when), and so named by CloudFormation:
    // a fixed name would make the next stack in this account and region fail with "already exists".
    // The functions find it through KEYSENTRY_STATE_TABLE.
    this.table = new dynamodb.TableV2(stack, "State", {
      partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: "expiresAt",
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.settings = new ssm.StringParameter(stack, "Settings", {
      parameterName: `/${props.prefix}/settings`,
      description: "keysentry settings document (docs/configuration.md)",
      stringValue: props.settingsDocument,
      tier: ssm.ParameterTier.ADVANCED,
    });
  }

  /** The functions' environment for state: where the settings and the state table are. */
  get environment(): Record<string, string> {
    return {
      KEYSENTRY_SETTINGS_PARAMETER: this.settings.parameterName,
      KEYSENTRY_STATE_TABLE: this.table.tableName,
    };
  }

  /**
   * Lets a function read the settings and read and write state items: the calls it makes
   * (shared/aws/ssm-settings.ts, dynamodb-state-store.ts). The CDK's grantRead would add
   * DescribeParameters, GetParameters and GetParameterHistory, which no function calls; the
   * parameter is a plain String, so no key is involved.
   */
  grantUse(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadSettings",
        actions: ["ssm:GetParameter"],
        resources: [this.settings.parameterArn],
      }),
    );
    this.table.grant(fn, "dynamodb:GetItem", "dynamodb:PutItem");
  }
}
