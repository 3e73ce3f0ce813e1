import { InvalidEventError } from "../shared/events";
import { UnknownRuleError } from "../shared/rules";
import { SettingsError } from "../shared/settings";
import { AwsUnreadableError, explainAwsFailure } from "./aws-failure";
import { EXIT } from "./exit-codes";
import { UsageError } from "./usage-error";

function isUsage(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof SettingsError ||
    error instanceof UnknownRuleError ||
    error instanceof InvalidEventError
  );
}

/** The stack, then each cause's, as --debug shows them. */
function stacks(error: unknown): string {
  const lines: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 5; depth++) {
    lines.push(
      depth === 0 ? String((e as Error).stack ?? e) : `Caused by: ${String((e as Error).stack ?? e)}`,
    );
    e = (e as Error).cause;
  }
  return lines.join("\n");
}

/**
 * Reports a failure as one line on stderr and returns the exit code; the stack only with
 * --debug. An error nobody anticipated is keysentry's own fault, and says so.
 */
export function reportFailure(error: unknown, err: (text: string) => void, debug: boolean): number {
  let code: number;
  let line: string;
  if (isUsage(error)) [code, line] = [EXIT.USAGE, error.message];
  else if (error instanceof AwsUnreadableError) [code, line] = [EXIT.AWS_UNREADABLE, error.message];
  else {
    const aws = explainAwsFailure(error, {});
    if (aws) [code, line] = [EXIT.AWS_UNREADABLE, aws];
    else {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      code = EXIT.INTERNAL;
      line = `internal error: ${message.split("\n", 1)[0]}${debug ? "" : " (run with --debug for the stack)"}`;
    }
  }
  err(`keysentry: ${line}`);
  if (debug) err(stacks(error));
  return code;
}
