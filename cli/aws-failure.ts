import type { MetadataBearer, MiddlewareStack } from "@smithy/types";
import { RepeatedPageMarkerError } from "../shared/aws/page-markers";
import { KeysentryError } from "../shared/errors";

/**
 * AWS could not be read, so the result cannot stand for the account: exit 3, which a CI gate
 * must never mistake for "findings" (1). The message is the one line the user sees.
 */
export class AwsUnreadableError extends KeysentryError {
  override readonly name = "AwsUnreadableError";
}

/** Where the calls went, for the line that says what to check. */
export interface AwsTarget {
  region?: string;
  endpoint?: string;
  /** The command that prints the policy the calls need; `keysentry permissions` when absent. */
  policy?: string;
}

/** Errors that mean "fix your credentials", whatever the call. */
export const CREDENTIAL_ERRORS = new Set([
  "CredentialsProviderError",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "InvalidClientTokenId",
]);

const DENIED = new Set(["AccessDeniedException", "AccessDenied"]);

/** Of the SDK's throttling codes (@smithy/core retry, THROTTLING_ERROR_CODES), those KMS and ACM answer. */
const THROTTLED = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
]);

interface SdkFailure {
  name: string;
  message: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number; headers?: Record<string, string> };
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function attempts(failure: SdkFailure): string {
  const n = failure.$metadata?.attempts ?? 1;
  return `${n} attempt${n === 1 ? "" : "s"}`;
}

/**
 * Names the operation each failed call was, for the one line that reports it: SDK errors do
 * not carry it. Only the name is kept, beside the error, never on it.
 */
export class FailedCalls {
  private readonly operations = new WeakMap<object, string>();
  /** The latest error of each name: a read failure in a finding keeps only the name. */
  private readonly latestByName = new Map<string, object>();

  watch<C extends { middlewareStack: MiddlewareStack<object, MetadataBearer> }>(client: C): C {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (typeof error === "object" && error !== null && !this.operations.has(error)) {
            this.operations.set(error, String(context.commandName ?? "").replace(/Command$/, ""));
            this.latestByName.set((error as Error).name, error);
          }
          throw error;
        }
      },
      { step: "initialize", name: "keysentryFailedCalls" },
    );
    return client;
  }

  operationOf(error: unknown): string | undefined {
    return typeof error === "object" && error !== null ? this.operations.get(error) : undefined;
  }

  /** The latest error with this name; "UnknownError" is how a read failure names a plain Error. */
  latest(name: string): unknown {
    return (
      this.latestByName.get(name) ?? (name === "UnknownError" ? this.latestByName.get("Error") : undefined)
    );
  }
}

/**
 * One line that says what failed and what to check, or undefined when the error did not come
 * from talking to AWS (then it is keysentry's own fault, reported as such).
 */
export function explainAwsFailure(
  error: unknown,
  target: AwsTarget,
  operation = "the call",
): string | undefined {
  if (error instanceof RepeatedPageMarkerError)
    return `${error.operation}${at(target)} handed back a page marker it had already given, so the listing would never end: check --endpoint`;
  if (!(error instanceof Error)) return undefined;
  const failure = error as Error & SdkFailure;
  const fromSdk = failure.$metadata !== undefined || failure.$response !== undefined;
  if (failure.name === "CredentialsProviderError")
    return `no AWS credentials could be loaded (${firstLine(failure.message)}): check --profile, AWS_PROFILE and your AWS credentials`;
  if (CREDENTIAL_ERRORS.has(failure.name))
    return `AWS refused the credentials (${failure.name}: ${firstLine(failure.message)}): check --profile and your AWS credentials`;
  if (!fromSdk) return undefined;
  const status = failure.$metadata?.httpStatusCode ?? failure.$response?.statusCode;
  if (DENIED.has(failure.name))
    return `AWS denied ${operation}${at(target)} (${failure.name}): grant the read-only policy \`${target.policy ?? "keysentry permissions"}\` prints`;
  if (THROTTLED.has(failure.name) || status === 429)
    return `AWS kept throttling ${operation}${at(target)} (${failure.name}, ${attempts(failure)}): try again later, or raise AWS_MAX_ATTEMPTS`;
  if (failure.name === "TimeoutError" || failure.code === "ETIMEDOUT")
    return `AWS${at(target)} did not answer ${operation} in time (${attempts(failure)}): check --endpoint and your network`;
  if (failure.$response === undefined && failure.code)
    return `could not reach AWS${at(target)} (${failure.code}): check --endpoint and your network`;
  // A body the SDK could not parse (SyntaxError), or an error it could not name.
  const notAws = ["SyntaxError", "Unknown", "UnknownError"].includes(failure.name);
  const body =
    failure.name === "SyntaxError"
      ? `${contentType(failure)}: ${firstLine(failure.message)}`
      : contentType(failure);
  if (status !== undefined && status >= 500) {
    const what = notAws ? `not the AWS protocol, ${body}` : failure.name;
    return `AWS${at(target)} failed ${operation} with HTTP ${status} (${what}) after ${attempts(failure)}: try again later, or check --endpoint`;
  }
  if (notAws)
    return `the answer to ${operation}${at(target)} is not the AWS protocol (HTTP ${status}, ${body}): check --endpoint`;
  return `AWS${at(target)} refused ${operation} (${failure.name}: ${firstLine(failure.message)})`;
}

/** " in region at URL", either part when only it is known, or nothing. */
function at({ region, endpoint }: AwsTarget): string {
  return [region && ` in ${region}`, endpoint && ` at ${endpoint}`].filter(Boolean).join("");
}

function contentType(failure: SdkFailure): string {
  const headers = failure.$response?.headers ?? {};
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  return type ? firstLine(type.split(";", 1)[0]!) : "no content type";
}
