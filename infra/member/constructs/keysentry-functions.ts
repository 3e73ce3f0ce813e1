import { Aws, Duration, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { EVERY_FAMILY, REGION_WIDE, type ReadScope } from "../../../shared/engine";
import { type EventSourceDefinition, eventSourceOf } from "../../../shared/events";
import { RESERVED_CONCURRENCY } from "../../../shared/settings";
import { remediationRoleName } from "../../global-names";
import { resourceScope } from "../../resource-scope";
import { type FunctionOptions, keysentryFunction } from "../functions";
import { eventReadScope, readActionsFor } from "../permissions";
import type { Alerting } from "./alerting";
import type { StateStore } from "./state-store";

export type FunctionName = "kmsEvents" | "acmEvents" | "configRule" | "sweep";

/** keysentry's functions by name; the Config rules' function only where the stack has the Config rules. */
export type FunctionsByName = Readonly<Record<Exclude<FunctionName, "configRule">, lambda.Function>> & {
  readonly configRule?: lambda.Function;
};

interface FunctionDefinition extends Omit<FunctionOptions, "environment"> {
  /** The function remediates: it is told the remediation role's ARN, and the role trusts it. */
  remediates?: boolean;
  /**
   * The function dispatches passing findings, and so resolves what a channel opened: all but the
   * Config rule function, which dispatches only the findings it could not read (shared/handlers/config-rule.ts).
   */
  resolves?: boolean;
}

/** An event function as its event source defines it (shared/events/sources.ts). */
function eventFunction(source: EventSourceDefinition, remediates?: boolean): FunctionDefinition {
  return {
    name: source.functionName,
    description: source.description,
    remediates,
    resolves: true,
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
      resolves: true,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      reservedConcurrency: RESERVED_CONCURRENCY.sweep,
    },
  };
}

/**
 * What each function reads: an event function the resources its events name; the sweep every
 * resource of the region; the Config rule function both (change notifications and periodic runs).
 */
const READ_SCOPES: Record<FunctionName, ReadScope> = {
  kmsEvents: eventReadScope(eventSourceOf("kms-events")),
  acmEvents: eventReadScope(eventSourceOf("acm-events")),
  configRule: EVERY_FAMILY,
  sweep: REGION_WIDE,
};

export interface KeysentryFunctionsProps {
  prefix: string;
  sweepHours: number;
  /**
   * Reserve each function's concurrency (`deployment.reservedConcurrency`). Off by default: Lambda
   * refuses a reservation that leaves fewer than 100 executions unreserved (Lambda API Reference,
   * PutFunctionConcurrency), and new accounts often have a quota of 10, so any reservation fails
   * the stack there. Without one, an event storm is bounded by EventBridge (4 retries within 2 hours,
   * then the dead-letter queue), Lambda's asynchronous queue (2 retries, then the same queue), the
   * event patterns, which leave out failed calls and the AWS services' own grants, and each
   * function's share of the published request quotas (its rate limiter); a throttled invocation
   * raises the Throttles alarm. The sweep's reservation of 1 also kept two sweeps apart: its lease
   * in the state table does that now (shared/sweep/lease.ts).
   */
  reserveConcurrency: boolean;
  /** Create the function that evaluates the AWS Config rules (`ConfigRulesChoice.included`). */
  configRule: boolean;
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
  readonly byName: FunctionsByName;
  /**
   * The functions that may assume the remediation role: events remediate one key at a time; the
   * sweep fixes what was broken before, within its cap.
   */
  readonly remediators: lambda.Function[];
  /** The functions that dispatch passing findings, and so resolve tickets. */
  readonly resolvers: lambda.Function[];

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
    const create = ({
      remediates,
      resolves: _resolves,
      reservedConcurrency,
      ...options
    }: FunctionDefinition) =>
      keysentryFunction(stack, props.prefix, {
        ...options,
        reservedConcurrency: props.reserveConcurrency ? reservedConcurrency : undefined,
        environment: remediates ? remediating : environment,
      });
    this.byName = {
      kmsEvents: create(defined.kmsEvents),
      acmEvents: create(defined.acmEvents),
      ...(props.configRule ? { configRule: create(defined.configRule) } : {}),
      sweep: create(defined.sweep),
    };
    const those = (has: (definition: FunctionDefinition) => boolean | undefined) =>
      (Object.keys(defined) as FunctionName[])
        .filter((name) => has(defined[name]))
        .flatMap((name) => this.byName[name] ?? []);
    this.remediators = those((d) => d.remediates);
    this.resolvers = those((d) => d.resolves);
    for (const name of Object.keys(this.byName) as FunctionName[]) {
      const fn = this.byName[name];
      if (fn) this.grantCommonNeeds(fn, READ_SCOPES[name], props);
    }
  }

  get all(): lambda.Function[] {
    return Object.values(this.byName).filter((fn) => fn !== undefined);
  }

  private grantCommonNeeds(fn: lambda.Function, reads: ReadScope, props: KeysentryFunctionsProps): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadKeysAndCertificates",
        actions: readActionsFor(reads),
        resources: ["*"],
      }),
    );
    props.state.grantUse(fn);
    props.alerting.grantPublish(fn);
    // Lambda sends a failed asynchronous invocation's record with the function's role and needs
    // sqs:SendMessage only (Lambda Developer Guide, "Capturing records of Lambda asynchronous
    // invocations"); the CDK's SqsDestination would grant GetQueueAttributes and GetQueueUrl too.
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: { bind: () => ({ destination: props.deadLetters.queueArn }) },
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "FailedInvocations",
        actions: ["sqs:SendMessage"],
        resources: [props.deadLetters.queueArn],
      }),
    );
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
