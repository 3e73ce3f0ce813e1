/**
 * Builder for realistic private CA snapshots: the rules' documented examples and the tests use it.
 * Every field not given takes the value of an ordinary, compliant subordinate CA.
 */
import {
  type CertificateAuthoritySnapshot,
  type CertificateAuthoritySummary,
  read,
  type Tags,
  UNREAD,
} from "../model";
import { EXAMPLE_ACCOUNT, EXAMPLE_REGION } from "./examples";

export interface AuthorityExample {
  authority?: Partial<CertificateAuthoritySummary>;
  tags?: Tags;
}

export function exampleAuthority(example: AuthorityExample = {}): CertificateAuthoritySnapshot {
  const arn =
    example.authority?.arn ??
    `arn:aws:acm-pca:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:certificate-authority/3f1e2d4c-5b6a-4978-8c1d-2e3f4a5b6c7d`;
  return {
    resourceType: "AWS::ACMPCA::CertificateAuthority",
    account: EXAMPLE_ACCOUNT,
    region: EXAMPLE_REGION,
    authority: {
      arn,
      type: "SUBORDINATE",
      status: "ACTIVE",
      commonName: "Example Issuing CA",
      createdAt: new Date("2025-06-01T10:00:00Z"),
      notBefore: new Date("2025-06-01T10:05:00Z"),
      notAfter: new Date("2030-06-01T10:05:00Z"),
      keyAlgorithm: "RSA_2048",
      signingAlgorithm: "SHA256WITHRSA",
      crlEnabled: true,
      ocspEnabled: false,
      usageMode: "GENERAL_PURPOSE",
      ...example.authority,
    },
    tags: example.tags ? read(example.tags) : UNREAD,
  };
}
