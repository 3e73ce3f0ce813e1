import { ACMClient } from "@aws-sdk/client-acm";
import { KMSClient } from "@aws-sdk/client-kms";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  MetadataBearer,
  MiddlewareStack,
} from "@smithy/types";

export interface AwsClientOptions {
  region: string;
  /** Overrides both services' endpoints; AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work too. */
  endpoint?: string;
  profile?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call including the first; throttling is retried with adaptive backoff. */
  maxAttempts?: number;
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

function config(options: AwsClientOptions) {
  return {
    region: options.region,
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

export function createKmsClient(options: AwsClientOptions): KMSClient {
  return new KMSClient(config(options));
}

export function createAcmClient(options: AwsClientOptions): ACMClient {
  return new ACMClient(config(options));
}
