import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  FinalizeRequestMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from "@smithy/types";

export interface AwsClientOptions {
  region: string;
  /** Overrides both services' endpoints; AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work too. */
  endpoint?: string;
  profile?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Attempts per call including the first; throttling is retried with adaptive backoff.
   * Default: AWS_MAX_ATTEMPTS, as the SDK documents it, else 5.
   */
  maxAttempts?: number;
  /** How long one attempt may wait for its response before it is abandoned and retried. */
  requestTimeoutMs?: number;
}

/**
 * KMS and ACM reads answer in tens of milliseconds. Without a limit, one attempt that hangs
 * holds the function until its own timeout (60 s for the event functions); with one, it fails
 * fast, is retried, and the event either completes or is handed back for redelivery in seconds.
 */
const REQUEST_TIMEOUT_MS = 5_000;
const CONNECTION_TIMEOUT_MS = 2_000;

/** Request handler options for every keysentry client (KMS, ACM, DynamoDB, SSM, SNS...). */
export function timeouts(requestTimeoutMs = REQUEST_TIMEOUT_MS) {
  return {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: requestTimeoutMs,
    // Without this the handler only logs a warning when the timeout passes, and keeps waiting.
    throwOnRequestTimeout: true,
  };
}

/** Logical API calls per operation (retries not counted), for budgets and reports. */
export class CallCounter {
  readonly counts = new Map<string, number>();

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** Counts every command the client sends, before retries. */
  attach<C extends { middlewareStack: MiddlewareStack<object, MetadataBearer> }>(client: C): C {
    client.middlewareStack.add(
      (next, context) => (args) => {
        const operation = String(context.commandName ?? "unknown").replace(/Command$/, "");
        this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
        return next(args);
      },
      { step: "initialize", name: "keysentryCallCounter" },
    );
    return client;
  }
}

/** AWS_MAX_ATTEMPTS when it is a positive whole number; the SDK would also read it, but only without an explicit value. */
function attemptsFromEnvironment(): number | undefined {
  const value = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The SDK retries 500, 502, 503 and 504 and the 5xx errors a service models. A proxy or load
 * balancer in front of an endpoint answers other 5xx codes too, often with an HTML body that
 * is no AWS error at all: the status alone says the server failed and another attempt may
 * succeed. Placed inside the retry middleware, so the retry decision sees the mark.
 */
export function retryEveryServerError(client: { middlewareStack: MiddlewareStack<object, MetadataBearer> }) {
  const markRetryable: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const failure = error as { $metadata?: { httpStatusCode?: number }; $retryable?: object };
      const status = failure.$metadata?.httpStatusCode ?? 0;
      if (status >= 500 && status <= 599) failure.$retryable ??= { throttling: false };
      throw error;
    }
  };
  client.middlewareStack.addRelativeTo(markRetryable, {
    relation: "after",
    toMiddleware: "retryMiddleware",
    name: "keysentryRetryEveryServerError",
  });
}

/** The configuration every client shares: region, adaptive retries, timeouts, and the caller's endpoint or profile. */
export function config(options: AwsClientOptions) {
  return {
    region: options.region,
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? attemptsFromEnvironment() ?? 5,
    requestHandler: timeouts(options.requestTimeoutMs),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}
