import type { Context } from "aws-lambda";

/** The account a function runs in, from its ARN: arn:aws:lambda:region:account:function:name. */
export function accountOf(context: Context): string {
  return context.invokedFunctionArn?.split(":")[4] ?? "";
}
