/**
 * The sweep at scale: the local endpoint with a synthetic account at the published request
 * quotas, the sweep's own per-operation limiter at its configured share of them. Prints calls
 * per key and per certificate, wall time, the lower bound the limiter implies, and peak RSS;
 * then the same account read by the naive strategy (bench/naive-sweep.ts) and the speed-up.
 */
import { writeFile } from "node:fs/promises";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { type CallRecord, startLocalAws } from "../local-aws";
import {
  AcmCertificateReader,
  createAcmClient,
  createKmsClient,
  KmsKeyReader,
  OperationRateLimiter,
  PUBLISHED_QUOTAS,
  TaggingReader,
} from "../shared/aws";
import { AcmPcaAuthorityReader } from "../shared/aws/acmpca-authority-reader";
import { asStackOwner, createAcmPcaClient } from "../shared/aws/acmpca-client";
import { parseSettings } from "../shared/settings";
import { sweep } from "../shared/sweep";
import { quietServices } from "../test/support/quiet-services";
import { SYNTHETIC_NOW, syntheticAccount } from "../test/support/synthetic-account";
import { naiveSweepBenchmark } from "./naive-sweep";
import { samplePeakRss } from "./peak-rss";

/** Seconds from the first call to the last call of one service: how long the keys (or certificates) took. */
function serviceSeconds(calls: CallRecord[], service: CallRecord["service"]): number {
  const at = calls.filter((c) => c.service === service).map((c) => c.at);
  return Number(((Math.max(...at) - Math.min(...calls.map((c) => c.at))) / 1000).toFixed(1));
}

export async function sweepBenchmark(keys: number, certificates: number, quotaShare?: number) {
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  const settings = parseSettings(quotaShare ? { quotaShare } : {});
  const aws = await startLocalAws({
    seed: syntheticAccount(keys, certificates),
    quotas: true,
    clock: () => SYNTHETIC_NOW,
  });
  const limiter = OperationRateLimiter.share(PUBLISHED_QUOTAS, settings.quotaShare);
  const client = {
    region: "eu-west-1",
    endpoint: aws.url,
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
    maxAttempts: 10,
  };
  const pcaClient = createAcmPcaClient(client);
  limiter.attach(asStackOwner(pcaClient));
  const authorities = syntheticAccount(keys, certificates).certificateAuthorities?.length ?? 0;
  const rss = samplePeakRss(100);
  const started = performance.now();
  try {
    const services = quietServices(
      {
        keys: new KmsKeyReader(limiter.attach(createKmsClient(client))),
        certificates: new AcmCertificateReader(limiter.attach(createAcmClient(client))),
        authorities: new AcmPcaAuthorityReader(pcaClient),
        tagged: new TaggingReader(limiter.attach(new ResourceGroupsTaggingAPIClient(client))),
      },
      settings,
      SYNTHETIC_NOW,
    );
    const { digest } = await sweep({
      pipeline: services.pipeline,
      region: services.region,
      account: "111122223333",
      concurrency: settings.sweep.concurrency,
    });
    const seconds = (performance.now() - started) / 1000;
    const calls = aws.countCalls();
    const of = (service: CallRecord["service"]) => aws.calls.filter((c) => c.service === service).length;
    // The slowest operation at its allowed rate bounds the wall time from below.
    const bound = Math.max(
      ...Object.entries(calls).map(([op, n]) =>
        PUBLISHED_QUOTAS[op] ? n / (PUBLISHED_QUOTAS[op] * settings.quotaShare) : 0,
      ),
    );
    return {
      keys,
      certificates,
      quotaShare: settings.quotaShare,
      accounted: { keys: digest.keys, certificates: digest.certificates, authorities: digest.authorities },
      callsByOperation: calls,
      throttled: aws.calls.filter((c) => c.errorCode === "ThrottlingException").length,
      callsPerKey: Number((of("kms") / keys).toFixed(3)),
      callsPerCertificate: Number((of("acm") / certificates).toFixed(3)),
      authorities,
      callsPerAuthority: Number((of("acmpca") / Math.max(1, authorities)).toFixed(3)),
      /** GetResources: every exemption tag of the region, shared by keys and certificates. */
      taggingCalls: of("tagging"),
      seconds: Number(seconds.toFixed(1)),
      keySeconds: serviceSeconds(aws.calls, "kms"),
      certificateSeconds: serviceSeconds(aws.calls, "acm"),
      lowerBoundSeconds: Number(bound.toFixed(1)),
      ratio: Number((seconds / bound).toFixed(2)),
      peakRssMb: rss.stop(),
    };
  } finally {
    rss.stop();
    await aws.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  const keys = Number(process.env.BENCH_KEYS ?? 10_000);
  const certificates = Number(process.env.BENCH_CERTIFICATES ?? 2_500);
  const figures = await sweepBenchmark(keys, certificates);
  const { callsByOperation, accounted, ...summary } = figures;
  console.table(summary);
  console.table(callsByOperation);
  console.log("accounted:", JSON.stringify(accounted));
  // The same sweep allowed the whole quota, as the naive strategy is: like for like.
  const fullShare = await sweepBenchmark(keys, certificates, 1);
  const naive = await naiveSweepBenchmark(keys, certificates);
  const speedUp = (seconds: number) => Number((naive.seconds / seconds).toFixed(2));
  console.log("naive strategy (every resource described one by one, sequentially, whole quota):");
  console.table(naive);
  console.table({
    [`keysentry at quotaShare ${figures.quotaShare}`]: {
      seconds: figures.seconds,
      keySeconds: figures.keySeconds,
      certificateSeconds: figures.certificateSeconds,
      speedUp: speedUp(figures.seconds),
    },
    "keysentry at quotaShare 1": {
      seconds: fullShare.seconds,
      keySeconds: fullShare.keySeconds,
      certificateSeconds: fullShare.certificateSeconds,
      speedUp: speedUp(fullShare.seconds),
    },
  });
  await writeFile(
    new URL("./results/sweep.json", import.meta.url),
    `${JSON.stringify({ ...figures, fullShare, naive: { ...naive, speedUp: speedUp(figures.seconds), speedUpAtFullShare: speedUp(fullShare.seconds) } }, null, 2)}\n`,
  );
}
