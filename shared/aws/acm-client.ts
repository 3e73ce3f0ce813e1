import { ACMClient } from "@aws-sdk/client-acm";
import { type AwsClientOptions, config, retryEveryServerError } from "./clients";

/** Kept out of clients.ts: a function that reads no certificate (KMS events) does not load this client at cold start. */
export function createAcmClient(options: AwsClientOptions): ACMClient {
  const client = new ACMClient(config(options));
  retryEveryServerError(client);
  return client;
}
