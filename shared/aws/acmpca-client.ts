import { ACMPCAClient } from "@aws-sdk/client-acm-pca";
import { type AwsClientOptions, config, retryEveryServerError } from "./clients";

/**
 * The newest @aws-sdk/client-acm-pca (3.523.0) is built on older @smithy/types than the other
 * clients: its middleware stack is the same at run time, typed apart.
 */
export function asStackOwner(client: ACMPCAClient): Parameters<typeof retryEveryServerError>[0] {
  return client as unknown as Parameters<typeof retryEveryServerError>[0];
}

/** Kept out of clients.ts: a function that never reads a private CA does not load this client. */
export function createAcmPcaClient(options: AwsClientOptions): ACMPCAClient {
  const client = new ACMPCAClient(config(options));
  retryEveryServerError(asStackOwner(client));
  return client;
}
