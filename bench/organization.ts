/**
 * An organization scan at scale: `keysentry scan --organization --format json` against an
 * emulated organization (every account 50 keys and 10 certificates in each of two regions, the
 * published request quotas per account and region) served from another process. Prints wall
 * time against what --concurrency allows, calls per key and per certificate (a single-account
 * scan's figures, bench/scan.ts), and the scanning process's peak RSS for two sizes of
 * organization: streamed output must not grow with the number of accounts.
 */
import { fork } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { main } from "../cli/main";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { samplePeakRss } from "./peak-rss";

const REGIONS = ["eu-west-1", "us-east-1"];
const KEYS = 50;
const CERTIFICATES = 10;

function ask<T>(child: ReturnType<typeof fork>, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (answer) => resolve(answer as T));
    child.send(message as object);
  });
}

export async function organizationBenchmark(accounts: number, concurrency: number) {
  const child = fork(new URL("./organization-endpoint.ts", import.meta.url), {
    execArgv: ["--import", "tsx"],
  });
  try {
    const { url } = await ask<{ url: string }>(child, {
      accounts,
      keys: KEYS,
      certificates: CERTIFICATES,
      regions: REGIONS,
      roleName: "keysentry-audit",
    });
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: "AKIDBENCH",
      AWS_SECRET_ACCESS_KEY: "bench",
      AWS_MAX_ATTEMPTS: "10",
    });
    let bytes = 0;
    let findings = 0;
    const io = {
      out: (text: string) => {
        bytes += text.length + 1;
        findings += text.split('"ruleId"').length - 1;
      },
      err: () => {},
    };
    const args = ["scan", "--organization", "--endpoint", url, "--format", "json", "--quiet"];
    const rss = samplePeakRss(50);
    const started = performance.now();
    const code = await main(
      [...args, ...REGIONS.flatMap((r) => ["--region", r]), "--concurrency", String(concurrency)],
      io,
    );
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = rss.stop();
    const { calls, throttled } = await ask<{ calls: Record<string, number>; throttled: number }>(
      child,
      "calls",
    );
    const sum = (prefix: string) =>
      Object.entries(calls)
        .filter(([op]) => op.startsWith(prefix))
        .reduce((n, [, c]) => n + c, 0);
    const listedKeys = accounts * REGIONS.length * KEYS;
    const listedCertificates = accounts * REGIONS.length * CERTIFICATES;
    return {
      accounts,
      concurrency,
      exitCode: code,
      seconds: Number(seconds.toFixed(1)),
      /** Each account's scan took this long on average, --concurrency of them at a time. */
      secondsPerAccount: Number(((seconds * concurrency) / accounts).toFixed(2)),
      findings,
      outputMb: Number((bytes / 1_048_576).toFixed(1)),
      callsPerKey: Number((sum("kms:") / listedKeys).toFixed(3)),
      callsPerCertificate: Number((sum("acm:") / listedCertificates).toFixed(3)),
      assumeRoleCalls: calls["sts:AssumeRole"] ?? 0,
      organizationsCalls: sum("organizations:"),
      throttledResponses: throttled,
      peakRssMb,
      calls,
    };
  } finally {
    child.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
  const sizes = (process.env.BENCH_ACCOUNTS ?? "50,200").split(",").map(Number);
  const runs = [];
  for (const accounts of sizes) runs.push(await organizationBenchmark(accounts, concurrency));
  console.table(runs.map(({ calls: _calls, ...figures }) => figures));
  await writeFile(
    new URL("./results/organization.json", import.meta.url),
    `${JSON.stringify(runs, null, 2)}\n`,
  );
}
