import { Aws, Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { resourceScope } from "../../resource-scope";
import { eventPatterns, PATTERN_FUNCTIONS } from "../event-patterns";
import type { FunctionsByName } from "./keysentry-functions";

export interface EventTriggersProps {
  prefix: string;
  functions: FunctionsByName;
  /** Where events go that EventBridge could not deliver. */
  deadLetters: sqs.IQueue;
  sweepHours: number;
}

/**
 * What invokes the event and sweep functions: an EventBridge rule per event pattern, the sweep's
 * schedule, and the sweep itself when a run needs another invocation to finish.
 */
export class EventTriggers extends Construct {
  constructor(scope: Construct, id: string, props: EventTriggersProps) {
    super(scope, id);
    const stack = resourceScope(this);
    const { kmsEvents, acmEvents, sweep } = props.functions;
    const byFunctionName = { "kms-events": kmsEvents, "acm-events": acmEvents };
    sweep.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ContinueLongSweeps",
        actions: ["lambda:InvokeFunction"],
        resources: [
          `arn:${Aws.PARTITION}:lambda:${Aws.REGION}:${Aws.ACCOUNT_ID}:function:${props.prefix}-sweep`,
        ],
      }),
    );
    // The patterns that drop AWS services' own grants compare the caller's account with this one.
    for (const [name, pattern] of Object.entries(eventPatterns(Aws.ACCOUNT_ID))) {
      new events.Rule(stack, `${name}Rule`, {
        ruleName: `${props.prefix}-${name}`,
        eventPattern: pattern as events.EventPattern,
        targets: [
          new targets.LambdaFunction(byFunctionName[PATTERN_FUNCTIONS[name]!], {
            deadLetterQueue: props.deadLetters,
            retryAttempts: 4,
            maxEventAge: Duration.hours(2),
          }),
        ],
      });
    }
    new events.Rule(stack, "SweepSchedule", {
      ruleName: `${props.prefix}-sweep`,
      schedule: events.Schedule.rate(Duration.hours(props.sweepHours)),
      targets: [new targets.LambdaFunction(sweep, { deadLetterQueue: props.deadLetters, retryAttempts: 2 })],
    });
  }
}
