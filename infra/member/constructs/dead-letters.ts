import { Duration, Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

export interface DeadLettersProps {
  prefix: string;
}

/** Where events keysentry could not handle wait: failed triggers and failed asynchronous invocations. */
export class DeadLetters extends sqs.Queue {
  constructor(scope: Construct, id: string, props: DeadLettersProps) {
    super(scope, id, {
      queueName: `${props.prefix}-dead-letters`,
      // SQS-managed encryption: senders need no key grants (EventBridge, Lambda destinations).
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this).acknowledge({
      id: "AwsSolutions-SQS3",
      reason: "This queue is the dead-letter queue of every trigger and function.",
    });
  }
}
