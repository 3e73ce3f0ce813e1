import { describe, expect, it } from "vitest";
import { consoleLink } from "../../../shared/actions";

describe("consoleLink", () => {
  it.each([
    [
      "AWS::KMS::Key",
      "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "https://eu-west-1.console.aws.amazon.com/kms/home?region=eu-west-1#/kms/keys/1234abcd-12ab-34cd-56ef-1234567890ab",
    ],
    [
      "AWS::ACM::Certificate",
      "arn:aws:acm:us-east-1:111122223333:certificate/0d1f4a3e-6c2b-4f7e-9a51-2b8c7e3d9f10",
      "https://us-east-1.console.aws.amazon.com/acm/home?region=us-east-1#/certificates/0d1f4a3e-6c2b-4f7e-9a51-2b8c7e3d9f10",
    ],
    [
      "AWS::ACMPCA::CertificateAuthority",
      "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/3f1e2d4c-5b6a-4978-8c1d-2e3f4a5b6c7d",
      "https://eu-west-1.console.aws.amazon.com/acm-pca/home?region=eu-west-1",
    ],
  ] as const)("links a %s to its console page", (resourceType, resourceArn, link) => {
    const region = resourceArn.split(":")[3]!;
    expect(consoleLink({ resourceType, resourceArn, region })).toBe(link);
  });
});
