import { Aws, Duration, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { type EventSourceDefinition, eventSourceOf } from "../../../shared/events";
import { RESERVED_CONCURRENCY } from "../../../shared/settings";
import { remediationRoleName } from "../../global-names";
import { resourceScope } from "../../resource-scope";
import { type FunctionOptions, keysentryFunction } from "../functions";
import { READ_ACTIONS } from "../permissions";
import type { Alerting } from "./alerting";
import type { StateStore } from "./state-store";

export type FunctionName = "kmsEvents" | "acmEvents" | "configRule" | "sweep";

interface FunctionDefinition extends Omit<FunctionOptions, "environment"> {
  /** The function remediates: it is told the remediation role's ARN, and the role trusts it. */
  remediates?: boolean;
}

/** An event function as its event source defines it (shared/events/sources.ts). */
function eventFunction(source: EventSourceDefinition, remediates?: boolean): FunctionDefinition {
  return {
    name: source.functionName,
    description: source.description,
    remediates,
    timeout: Duration.seconds(source.timeoutSeconds),
    reservedConcurrency: source.reservedConcurrency,
  };
}

/** What each function is for and the limits it runs within. */
function definitions(sweepHours: number): Record<FunctionName, FunctionDefinition> {
  return {
    kmsEvents: eventFunction(eventSourceOf("kms-events"), true),
    acmEvents: eventFunction(eventSourceOf("acm-events")),
    configRule: {
      name: "config-rule",
      description: "Every keysentry AWS Config custom rule",
      timeout: Duration.minutes(15),
      reservedConcurrency: RESERVED_CONCURRENCY["config-rule"],
    },
    sweep: {
      name: "sweep",
      description: `Scheduled sweep every ${sweepHours} h: every key and certificate, capped remediation, one digest`,
      remediates: true,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      reservedConcurrency: RESERVED_CONCURRENCY.sweep,
    },
  };
}

export interface KeysentryFunctionsProps {
  prefix: string;
  sweepHours: number;
  state: StateStore;
  alerting: Alerting;
  /** Where asynchronous invocations go once their retries have failed. */
  deadLetters: sqs.IQueue;
}

/**
 * keysentry's four functions and what every one of them needs: the shared environment, the
 * reads of keys and certificates, settings and state, alert publishing and a failure destination.
 */
export class KeysentryFunctions extends Construct {
  readonly byName: Readonly<Record<FunctionName, lambda.Function>>;
  /**
   * The functions that may assume the remediation role: events remediate one key at a time; the
   * sweep fixes what was broken before, within its cap.
   */
  readonly remediators: lambda.Function[];

  constructor(scope: Construct, id: string, props: KeysentryFunctionsProps) {
    super(scope, id);
    const stack = resourceScope(this);
    const environment = { ...props.state.environment, ...props.alerting.environment };
    // A known name keeps the functions and the role that trusts them free of a dependency cycle.
    const remediating = {
      ...environment,
      KEYSENTRY_REMEDIATION_ROLE_ARN: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${remediationRoleName(props.prefix)}`,
    };
    const defined = definitions(props.sweepHours);
    const create = ({ remediates, ...options }: FunctionDefinition) =>
      keysentryFunction(stack, props.prefix, {
        ...options,
        environment: remediates ? remediating : environment,
      });
    this.byName = {
      kmsEvents: create(defined.kmsEvents),
      acmEvents: create(defined.acmEvents),
      configRule: create(defined.configRule),
      sweep: create(defined.sweep),
    };
    this.remediators = (Object.keys(defined) as FunctionName[])
      .filter((name) => defined[name].remediates)
      .map((name) => this.byName[name]);
    for (const fn of this.all) this.grantCommonNeeds(fn, props);
  }

  get all(): lambda.Function[] {
    return Object.values(this.byName);
  }

  private grantCommonNeeds(fn: lambda.Function, props: KeysentryFunctionsProps): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ sid: "ReadKeysAndCertificates", actions: READ_ACTIONS, resources: ["*"] }),
    );
    props.state.grantUse(fn);
    props.alerting.grantPublish(fn);
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(props.deadLetters),
    });
    props.alerting.grantCentralPublish(fn);
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason: "The basic execution role only lets the function write its own CloudWatch Logs.",
    });
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "KMS and ACM List calls cannot be scoped to resources, and keysentry reads every key and certificate of the account by design; every action granted on * is a List, Describe or Get (tested), plus config:PutEvaluations, which takes no resource.",
    });
  }
}
