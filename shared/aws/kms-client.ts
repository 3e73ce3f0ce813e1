import { KMSClient } from "@aws-sdk/client-kms";
import { type AwsClientOptions, config, retryEveryServerError } from "./clients";

/** Kept out of clients.ts: a function that reads no key (ACM events) does not load this client at cold start. */
export function createKmsClient(options: AwsClientOptions): KMSClient {
  const client = new KMSClient(config(options));
  retryEveryServerError(client);
  return client;
}
