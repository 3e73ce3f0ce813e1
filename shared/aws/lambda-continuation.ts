import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { Context } from "aws-lambda";
import type { Continuation, SweepCursor } from "../sweep";

/** Continues a sweep in a new asynchronous invocation of the same function. */
export class LambdaContinuation implements Continuation {
  constructor(private readonly lambda: LambdaClient) {}

  async continueFrom(cursor: SweepCursor, context: Context): Promise<void> {
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: context.invokedFunctionArn,
        InvocationType: "Event",
        Payload: new TextEncoder().encode(JSON.stringify({ cursor })),
      }),
    );
  }
}
