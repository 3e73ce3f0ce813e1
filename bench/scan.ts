/**
 * Sweep-sized scan: the engine as `keysentry scan` runs it (exemption tags in bulk) against the
 * local endpoint with the published request quotas, through the real SDK clients. Prints calls per operation and per resource, wall time and RSS.
 */
import { writeFile } from "node:fs/promises";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { startLocalAws } from "../local-aws";
import {
  AcmCertificateReader,
  createAcmClient,
  createKmsClient,
  KmsKeyReader,
  TaggingReader,
} from "../shared/aws";
import { scanRegion } from "../shared/engine";
import { parseSettings, selectRules } from "../shared/settings";
import { SYNTHETIC_NOW, syntheticAccount } from "../test/support/synthetic-account";
import { samplePeakRss } from "./peak-rss";

export async function scanBenchmark(keys: number, certificates: number) {
  const seed = syntheticAccount(keys, certificates);
  const aws = await startLocalAws({ seed, quotas: true, clock: () => SYNTHETIC_NOW });
  const config = {
    region: seed.region,
    endpoint: aws.url,
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
    maxAttempts: 10,
  };
  const kms = createKmsClient(config);
  const acm = createAcmClient(config);
  const tagging = new ResourceGroupsTaggingAPIClient(config);
  const settings = parseSettings({});
  const rss = samplePeakRss(50);
  const started = performance.now();
  try {
    const result = await scanRegion({
      keys: new KmsKeyReader(kms),
      certificates: new AcmCertificateReader(acm),
      tagged: new TaggingReader(tagging),
      exemptionTags: settings.exemptionTags,
      selections: selectRules(settings),
      now: SYNTHETIC_NOW,
    });
    const seconds = (performance.now() - started) / 1000;
    const calls = aws.countCalls();
    const throttled = aws.calls.filter((c) => c.errorCode === "ThrottlingException").length;
    const of = (service: string) => aws.calls.filter((c) => c.service === service).length;
    return {
      keys,
      certificates,
      seconds: Number(seconds.toFixed(2)),
      findings: result.findings.length,
      accounted: { keys: result.keys, certificates: result.certificates },
      callsByOperation: calls,
      throttledResponses: throttled,
      callsPerKey: Number((of("kms") / keys).toFixed(3)),
      callsPerCertificate: Number((of("acm") / certificates).toFixed(3)),
      /** GetResources: the region's exemption tags, shared by keys and certificates. */
      taggingCalls: of("tagging"),
      peakRssMb: rss.stop(),
    };
  } finally {
    rss.stop();
    kms.destroy();
    acm.destroy();
    tagging.destroy();
    await aws.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  const keys = Number(process.env.BENCH_KEYS ?? 2000);
  const certificates = Number(process.env.BENCH_CERTIFICATES ?? 500);
  const figures = await scanBenchmark(keys, certificates);
  console.table({
    "keys / certificates": `${figures.keys} / ${figures.certificates}`,
    "wall time (s)": figures.seconds,
    "calls per key": figures.callsPerKey,
    "calls per certificate": figures.callsPerCertificate,
    "exemption tag calls": figures.taggingCalls,
    "throttled responses": figures.throttledResponses,
    "peak RSS (MB)": figures.peakRssMb,
  });
  console.table(figures.callsByOperation);
  await writeFile(new URL("./results/scan.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
}
