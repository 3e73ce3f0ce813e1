import { createKmsClient } from "../aws/kms-client";
import { KmsKeyReader } from "../aws/kms-key-reader";
import type { OperationRateLimiter } from "../aws/quotas";

/** KMS keys, read within the function's share of the published quotas. */
export function kmsKeyReader(region: string, limiter: OperationRateLimiter): KmsKeyReader {
  return new KmsKeyReader(limiter.attach(createKmsClient({ region })));
}
