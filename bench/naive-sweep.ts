/**
 * The strategy keysentry's sweep is measured against: list everything, then describe every
 * resource one by one, sequentially, reading all there is to read (key metadata, aliases,
 * rotation status, policy and tags; certificate details and tags) whatever the rules need,
 * with the SDK's default retries as the only answer to throttling.
 */

import { startLocalAws } from "../local-aws";
import { AcmCertificateReader } from "../shared/aws/acm-certificate-reader";
import { createAcmClient } from "../shared/aws/acm-client";
import { createKmsClient } from "../shared/aws/kms-client";
import { KmsKeyReader } from "../shared/aws/kms-key-reader";
import { SYNTHETIC_NOW, syntheticAccount } from "../test/support/synthetic-account";

/** A read that fails (a key type without rotation, a throttle beyond the retries) is counted, not fatal. */
async function read(call: () => Promise<unknown>, failures: { count: number }) {
  try {
    await call();
  } catch {
    failures.count++;
  }
}

export async function naiveSweepBenchmark(keys: number, certificates: number) {
  const aws = await startLocalAws({
    seed: syntheticAccount(keys, certificates),
    quotas: true,
    clock: () => SYNTHETIC_NOW,
  });
  const client = {
    region: "eu-west-1",
    endpoint: aws.url,
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
  };
  const kms = new KmsKeyReader(createKmsClient(client));
  const acm = new AcmCertificateReader(createAcmClient(client));
  const failures = { count: 0 };
  try {
    const started = performance.now();
    for await (const { keyId } of kms.listKeys()) {
      const reads = [
        () => kms.describeKey(keyId),
        () => kms.aliasesOf(keyId),
        () => kms.rotationStatus(keyId),
        () => kms.keyPolicy(keyId),
        () => kms.tags(keyId),
      ];
      for (const call of reads) await read(call, failures);
    }
    const keySeconds = (performance.now() - started) / 1000;
    for await (const { arn } of acm.listCertificates()) {
      await read(() => acm.describeCertificate(arn), failures);
      await read(() => acm.tags(arn), failures);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds: Number(seconds.toFixed(1)),
      keySeconds: Number(keySeconds.toFixed(1)),
      certificateSeconds: Number((seconds - keySeconds).toFixed(1)),
      calls: aws.calls.length,
      throttled: aws.calls.filter((c) => c.errorCode === "ThrottlingException").length,
      failedReads: failures.count,
    };
  } finally {
    await aws.close();
  }
}
