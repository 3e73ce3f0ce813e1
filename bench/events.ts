/**
 * The event path: every sample event in events/kms and events/acm through its handler
 * (dry run) against the local endpoint seeded with the sample account. Prints the API calls
 * each event costs and the time each takes.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { quietSdkNodeNotice } from "../cli/bin/quiet-sdk-notice.js";
import { readSampleAccount } from "../cli/demo";
import { replayEvent } from "../cli/replay";
import { parseSettings } from "../shared/settings";
import { startLocalAws } from "../test/support/local-aws";

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

export async function eventBenchmark() {
  const now = new Date();
  const seed = readSampleAccount(now);
  const aws = await startLocalAws({ seed, clock: () => now });
  const settings = {
    ...parseSettings({ trustedAccounts: ["444455556666"], organizationId: "o-a1b2c3d4e5" }),
    dryRun: true,
  };
  const rows: { event: string; calls: number; operations: string; ms: number }[] = [];
  try {
    for (const folder of ["kms", "acm"]) {
      const dir = new URL(`../events/${folder}/`, import.meta.url);
      for (const file of (await readdir(dir)).filter((f) => f.endsWith(".json")).sort()) {
        const event = JSON.parse(await readFile(new URL(file, dir), "utf8"));
        const before = aws.calls.length;
        const started = performance.now();
        await replayEvent(event, {
          settings,
          account: seed.account,
          region: seed.region,
          endpoint: aws.url,
          credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
          now,
        });
        const calls = aws.calls.slice(before).map((c) => c.operation);
        rows.push({
          event: `${folder}/${file}`,
          calls: calls.length,
          operations: calls.join(" "),
          ms: Number((performance.now() - started).toFixed(1)),
        });
      }
    }
  } finally {
    await aws.close();
  }
  const evaluated = rows.filter((r) => r.calls > 0).map((r) => r.calls);
  return {
    rows,
    callsPerEvent: { max: Math.max(...evaluated), median: percentile(evaluated, 50) },
    msPerEvent: {
      p50: percentile(
        rows.map((r) => r.ms),
        50,
      ),
      p99: percentile(
        rows.map((r) => r.ms),
        99,
      ),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  const figures = await eventBenchmark();
  console.table(figures.rows);
  console.log(
    `API calls per evaluated event: max ${figures.callsPerEvent.max}, median ${figures.callsPerEvent.median}`,
  );
  console.log(
    `time per event (handler and local endpoint): p50 ${figures.msPerEvent.p50} ms, p99 ${figures.msPerEvent.p99} ms`,
  );
  await writeFile(new URL("./results/events.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
}
