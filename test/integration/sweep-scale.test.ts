import { describe, expect, it } from "vitest";
import { startLocalAws } from "../../local-aws";
import { AcmCertificateReader, createAcmClient, createKmsClient, KmsKeyReader } from "../../shared/aws";
import { parseSettings } from "../../shared/settings";
import { sweep } from "../../shared/sweep";
import { quietServices } from "../support/quiet-services";
import { TEST_CREDENTIALS } from "../support/sample-account";
import { SYNTHETIC_NOW, syntheticAccount } from "../support/synthetic-account";

const KEYS = Number(process.env.SWEEP_KEYS ?? 2000);
const CERTIFICATES = Number(process.env.SWEEP_CERTIFICATES ?? 500);

describe(`sweep of ${KEYS} keys and ${CERTIFICATES} certificates under throttling`, () => {
  it("accounts for every listed resource", { timeout: 120_000 }, async () => {
    // Quotas below the published ones, and no client-side limiter: the endpoint throttles, adaptive retry copes.
    const aws = await startLocalAws({
      seed: syntheticAccount(KEYS, CERTIFICATES),
      clock: () => SYNTHETIC_NOW,
      quotas: {
        DescribeKey: 500,
        GetKeyPolicy: 300,
        GetKeyRotationStatus: 300,
        SearchCertificates: 5,
        // Certificates are described only where a rule needs it: a low quota keeps them throttled.
        DescribeCertificate: 10,
      },
      // The quotas throttle only as fast as this machine calls; these throttle however slow it runs.
      faults: [
        { operation: "DescribeKey", error: { code: "ThrottlingException", status: 400 }, times: 3 },
        { operation: "GetKeyPolicy", error: { code: "ThrottlingException", status: 400 }, times: 3 },
      ],
    });
    try {
      const client = {
        region: "eu-west-1",
        endpoint: aws.url,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 12,
      };
      const services = quietServices(
        {
          keys: new KmsKeyReader(createKmsClient(client)),
          certificates: new AcmCertificateReader(createAcmClient(client)),
        },
        parseSettings({}),
        SYNTHETIC_NOW,
      );
      const { digest, findings } = await sweep({
        pipeline: services.pipeline,
        region: services.region,
        account: "111122223333",
        concurrency: 32,
      });
      const { keys, certificates } = digest;
      expect(aws.calls.some((c) => c.errorCode === "ThrottlingException")).toBe(true);
      expect(keys.listed).toBe(KEYS);
      expect(certificates.listed).toBe(CERTIFICATES);
      expect(keys.evaluated + keys.unreadable + keys.gone).toBe(KEYS);
      expect(certificates.evaluated + certificates.unreadable + certificates.gone).toBe(CERTIFICATES);
      expect(new Set(findings.map((f) => f.resourceArn)).size).toBe(KEYS + CERTIFICATES);
      expect(digest.unreadable).toEqual([]);
    } finally {
      await aws.close();
    }
  });
});
