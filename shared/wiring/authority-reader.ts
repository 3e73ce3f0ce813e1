import type { OperationRateLimiter } from "../aws/quotas";
import type { CertificateAuthorityReader } from "../inventory";
import { once } from "./lazy-adapter";

/**
 * ACM Private CA, loaded on first read: key and certificate events never pay for its client at
 * cold start, and the sweep and Config's periodic runs load it when they list the CAs.
 */
export function lazyAuthorityReader(
  region: string,
  limiter: OperationRateLimiter,
): CertificateAuthorityReader {
  const reader = once(async () => {
    const [{ asStackOwner, createAcmPcaClient }, { AcmPcaAuthorityReader }] = await Promise.all([
      import("../aws/acmpca-client"),
      import("../aws/acmpca-authority-reader"),
    ]);
    const client = createAcmPcaClient({ region });
    limiter.attach(asStackOwner(client));
    return new AcmPcaAuthorityReader(client);
  });
  return {
    async *listCertificateAuthorities() {
      yield* (await reader()).listCertificateAuthorities();
    },
    describeCertificateAuthority: async (arn) => (await reader()).describeCertificateAuthority(arn),
    tags: async (arn) => (await reader()).tags(arn),
  };
}
