import { AcmPcaAuthorityReader } from "../aws/acmpca-authority-reader";
import { asStackOwner, createAcmPcaClient } from "../aws/acmpca-client";
import type { OperationRateLimiter } from "../aws/quotas";

/** ACM Private CAs, read within the function's share of the published quotas. */
export function acmPcaAuthorityReader(region: string, limiter: OperationRateLimiter): AcmPcaAuthorityReader {
  const client = createAcmPcaClient({ region });
  limiter.attach(asStackOwner(client));
  return new AcmPcaAuthorityReader(client);
}
