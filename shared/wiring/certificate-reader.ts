import { AcmCertificateReader } from "../aws/acm-certificate-reader";
import { createAcmClient } from "../aws/acm-client";
import type { OperationRateLimiter } from "../aws/quotas";

/** ACM certificates, read within the function's share of the published quotas. */
export function acmCertificateReader(region: string, limiter: OperationRateLimiter): AcmCertificateReader {
  return new AcmCertificateReader(limiter.attach(createAcmClient({ region })));
}
