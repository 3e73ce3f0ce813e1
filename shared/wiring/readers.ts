import type { OperationRateLimiter } from "../aws/quotas";
import type { Readers } from "../engine";
import type { CertificateReader, KeyReader } from "../inventory";
import { lazyAdapter } from "./lazy-adapter";

/**
 * What a function reads on every invocation, built at its cold start from a module it imports
 * (`./key-reader`, `./certificate-reader`). Every other reader loads on its first read: the KMS
 * events function never parses the ACM client, nor the ACM events function the KMS client.
 */
export interface ColdStartReaders {
  keys?: (region: string, limiter: OperationRateLimiter) => KeyReader;
  certificates?: (region: string, limiter: OperationRateLimiter) => CertificateReader;
}

export function lambdaReaders(
  region: string,
  limiter: OperationRateLimiter,
  coldStart: ColdStartReaders,
): Required<Readers> {
  return {
    keys:
      coldStart.keys?.(region, limiter) ??
      lazyAdapter(
        async () => (await import("./key-reader")).kmsKeyReader(region, limiter),
        [
          "listAliases",
          "aliasesOf",
          "describeKey",
          "rotationStatus",
          "lastRotation",
          "keyMaterials",
          "lastUsage",
          "keyPolicy",
          "grants",
          "tags",
        ],
        ["listKeys"],
      ),
    certificates:
      coldStart.certificates?.(region, limiter) ??
      lazyAdapter(
        async () => (await import("./certificate-reader")).acmCertificateReader(region, limiter),
        ["readCertificate", "describeCertificate", "tags"],
        ["listCertificates"],
      ),
    // Private CAs and bulk exemption tags: only the sweep and Config's periodic runs list them.
    authorities: lazyAdapter(
      async () => (await import("./authority-reader")).acmPcaAuthorityReader(region, limiter),
      ["describeCertificateAuthority", "tags"],
      ["listCertificateAuthorities"],
    ),
    tagged: lazyAdapter(
      async () => (await import("./tagged-reader")).taggingReader(region, limiter),
      ["taggedWith"],
    ),
  };
}
