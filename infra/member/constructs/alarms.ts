import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { resourceScope } from "../../resource-scope";
import type { FunctionsByName } from "./keysentry-functions";

export interface AlarmsProps {
  functions: FunctionsByName;
  deadLetters: sqs.Queue;
  /** Where every alarm publishes. */
  topic: sns.ITopic;
  sweepHours: number;
}

/**
 * Two sweep periods, or one where two would pass CloudWatch's limit: "Period multiplied by
 * EvaluationPeriods can't be more than 604,800 seconds" (CloudWatch API Reference, PutMetricAlarm).
 */
export function sweepEvaluationPeriods(sweepHours: number): number {
  return sweepHours * 2 <= 7 * 24 ? 2 : 1;
}

/** Alarms on keysentry itself: failed or throttled functions, waiting dead letters, a sweep that stopped completing. */
export class Alarms extends Construct {
  private readonly byFunction = new Map<lambda.Function, cloudwatch.Alarm[]>();

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const stack = resourceScope(this);
    const alarm = new actions.SnsAction(props.topic);
    for (const [name, fn] of Object.entries(props.functions)) {
      if (!fn) continue;
      const errors = fn.metricErrors({ period: Duration.minutes(5) }).createAlarm(stack, `${name}Errors`, {
        threshold: 1,
        evaluationPeriods: 1,
        alarmDescription: `${fn.functionName} failed`,
      });
      const throttles = fn
        .metricThrottles({ period: Duration.minutes(5) })
        .createAlarm(stack, `${name}Throttles`, {
          threshold: 1,
          evaluationPeriods: 1,
          alarmDescription: `${fn.functionName} was throttled`,
        });
      for (const created of [errors, throttles]) created.addAlarmAction(alarm);
      this.byFunction.set(fn, [errors, throttles]);
    }
    props.deadLetters
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(stack, "DeadLettersNotEmpty", {
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: "Events keysentry could not handle are waiting",
      })
      .addAlarmAction(alarm);
    // Every sweep run reports SweepCompleted, 0 when it stopped short. Missing data is not a
    // breach: the first sweep runs a whole period after the stack is created, and an alarm that
    // counted the empty periods before it as breaching would go to ALARM on day one. Missing data
    // is left missing instead, and "if all data points in the alarm evaluation range are missing,
    // the alarm transitions to INSUFFICIENT_DATA" (CloudWatch User Guide, "Configuring how
    // CloudWatch alarms treat missing data"): an alarm starts there, so day one notifies no one,
    // and a sweep that stops running moves it there from OK, which notifies.
    const sweep = new cloudwatch.Metric({
      namespace: "keysentry",
      metricName: "SweepCompleted",
      dimensionsMap: { service: "keysentry" },
      statistic: "Sum",
      period: Duration.hours(props.sweepHours),
    }).createAlarm(stack, "SweepNotCompleted", {
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: sweepEvaluationPeriods(props.sweepHours),
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      alarmDescription: "The sweep has not completed in two periods, or has stopped reporting",
    });
    sweep.addAlarmAction(alarm);
    sweep.addInsufficientDataAction(alarm);
  }

  /** The alarms on one function. */
  of(fn: lambda.Function): readonly cloudwatch.Alarm[] {
    return this.byFunction.get(fn) ?? [];
  }
}
