import { ACMClient, ListTagsForCertificateCommand } from "@aws-sdk/client-acm";
import { KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import { describe, expect, it, vi } from "vitest";
import { OperationRateLimiter, PUBLISHED_QUOTAS } from "../../../shared/aws/quotas";
import type { CertificateReader } from "../../../shared/inventory";
import { lambdaReaders } from "../../../shared/wiring/readers";
import { mockAws } from "../../support/mock-aws";

const kms = mockAws(KMSClient);
const acm = mockAws(ACMClient);
const limiter = OperationRateLimiter.share(PUBLISHED_QUOTAS, 1);
const ARN = "arn:aws:acm:eu-west-1:111122223333:certificate/9f8e7d6c-5b4a-4321-8765-43210fedcba9";

describe("a function's readers", () => {
  it("are the ones it builds at cold start, and the others load on first read and serve alike", async () => {
    const certificates = { tags: async () => ({ team: "edge" }) } as unknown as CertificateReader;
    const build = vi.fn(() => certificates);
    const readers = lambdaReaders("eu-west-1", limiter, { certificates: build });
    expect(build).toHaveBeenCalledWith("eu-west-1", limiter);
    expect(readers.certificates).toBe(certificates);

    kms.on(ListKeysCommand).resolves({
      Keys: [
        {
          KeyId: "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02",
          KeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02",
        },
      ],
    });
    const keys: string[] = [];
    for await (const key of readers.keys.listKeys()) keys.push(key.keyId);
    expect(keys).toEqual(["1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02"]);
  });

  it("load a reader none was built for (ACM's here) on its first read", async () => {
    acm
      .on(ListTagsForCertificateCommand)
      .resolves({ Tags: [{ Key: "keysentry:exempt", Value: "renewal owned by edge" }] });
    const readers = lambdaReaders("eu-west-1", limiter, {});
    expect(await readers.certificates.tags(ARN)).toEqual({ "keysentry:exempt": "renewal owned by edge" });
    expect(acm.commandCalls(ListTagsForCertificateCommand)).toHaveLength(1);
  });
});
