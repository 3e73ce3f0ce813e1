/**
 * The event path: every sample event in events/kms and events/acm through its handler (dry run,
 * one warm runtime, as a Lambda container holds it) against the local endpoint seeded with the
 * sample account. The endpoint runs in a child process, so the CPU time measured here is the
 * handler's own: reading the event, the SDK's signing and parsing, the rules, the dispatcher.
 * Prints the API calls each event costs (those that decide, and the alias and tag reads that only
 * name a key or check an exemption) and the handler's CPU time per event.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { quietSdkNodeNotice } from "../cli/bin/quiet-sdk-notice.js";
import { readSampleAccount } from "../cli/demo";
import { createReplayer } from "../cli/replay";
import { parseSettings } from "../shared/settings";

/** Reads that name the key in the alert (ListAliases) or check an exemption tag: not needed to decide. */
const NOT_DECIDING = new Set(["ListAliases", "ListResourceTags", "ListTagsForCertificate"]);
/** Each event runs this many times; the first run of each is the one whose calls are counted. */
const REPEATS = 20;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

async function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  child.send(message as object);
  const [answer] = await once(child, "message");
  return answer as T;
}

export async function eventBenchmark() {
  const now = new Date();
  const seed = readSampleAccount(now);
  const endpoint = fork(new URL("./endpoint-process.ts", import.meta.url).pathname, {
    execArgv: ["--import", "tsx"],
  });
  const settings = {
    ...parseSettings({ trustedAccounts: ["444455556666"], organizationId: "o-a1b2c3d4e5" }),
    dryRun: true,
  };
  const rows: { event: string; calls: number; deciding: number; operations: string; cpuMs: number }[] = [];
  const cpuSamples: number[] = [];
  try {
    const { url } = await ask<{ url: string }>(endpoint, { now: now.toISOString() });
    const replay = createReplayer({
      settings,
      account: seed.account,
      region: seed.region,
      endpoint: url,
      credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
      now,
    });
    for (const folder of ["kms", "acm"]) {
      const dir = new URL(`../events/${folder}/`, import.meta.url);
      for (const file of (await readdir(dir)).filter((f) => f.endsWith(".json")).sort()) {
        const event = JSON.parse(await readFile(new URL(file, dir), "utf8"));
        const perRun: number[] = [];
        let calls: string[] = [];
        for (let run = 0; run < REPEATS; run++) {
          const before = process.cpuUsage();
          await replay(event);
          const { user, system } = process.cpuUsage(before);
          perRun.push((user + system) / 1000);
          const made = (await ask<{ calls: string[] }>(endpoint, "calls")).calls;
          if (run === 0) calls = made;
        }
        cpuSamples.push(...perRun.slice(1)); // the first run of the first events also warms the JIT
        rows.push({
          event: `${folder}/${file}`,
          calls: calls.length,
          deciding: calls.filter((op) => !NOT_DECIDING.has(op)).length,
          operations: calls.join(" "),
          cpuMs: Number(percentile(perRun, 50).toFixed(2)),
        });
      }
    }
  } finally {
    endpoint.disconnect();
  }
  const evaluated = rows.filter((r) => r.calls > 0);
  const stats = (values: number[]) => ({ max: Math.max(...values), median: percentile(values, 50) });
  return {
    rows,
    callsPerEvent: stats(evaluated.map((r) => r.calls)),
    decidingCallsPerEvent: stats(evaluated.map((r) => r.deciding)),
    cpuMsPerEvent: {
      p50: Number(percentile(cpuSamples, 50).toFixed(2)),
      p99: Number(percentile(cpuSamples, 99).toFixed(2)),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  const figures = await eventBenchmark();
  console.table(figures.rows);
  const { callsPerEvent: all, decidingCallsPerEvent: deciding, cpuMsPerEvent: cpu } = figures;
  console.log(`API calls per evaluated event: max ${all.max}, median ${all.median}`);
  console.log(`  of which reads that decide: max ${deciding.max}, median ${deciding.median}`);
  console.log(`handler CPU per event (endpoint in another process): p50 ${cpu.p50} ms, p99 ${cpu.p99} ms`);
  await writeFile(new URL("./results/events.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
}
