/**
 * The event path: every sample event in events/kms and events/acm through its handler (dry run,
 * one warm services, as a Lambda container holds it) against the local endpoint seeded with the
 * sample account. The endpoint runs in a child process, so the CPU time measured here is the
 * handler's own, warm (after one untimed pass): reading the event, the SDK's signing and
 * parsing, the rules, the dispatcher. Prints the API calls each event costs (those that decide,
 * and the alias and tag reads that only name a key or check an exemption), the handler's CPU
 * time per event, and that time less what its API calls cost through the SDK (measured apart).
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { readSampleAccount } from "../cli/demo";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { createReplayer } from "../cli/replay";
import { createKmsClient } from "../shared/aws/kms-client";
import { parseSettings } from "../shared/settings";
import { percentile } from "./stats";

/** Reads that name the key in the alert (ListAliases) or check an exemption tag: not needed to decide. */
const NOT_DECIDING = new Set(["ListAliases", "ListResourceTags", "ListTagsForCertificate"]);
/** Timed runs of each event, after one untimed pass. */
const REPEATS = 20;

async function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  child.send(message as object);
  const [answer] = await once(child, "message");
  return answer as T;
}

/**
 * What one API call costs this process on its own: the SDK's middleware, signing, serialising,
 * the HTTP round trip's system calls, parsing. DescribeKey, 200 times, on a warm client.
 */
async function sdkCallCpu(endpoint: string, region: string, keyId: string): Promise<number> {
  const kms = createKmsClient({
    region,
    endpoint,
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "b" },
  });
  const call = () => kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  for (let i = 0; i < 50; i++) await call();
  const before = process.cpuUsage();
  for (let i = 0; i < 200; i++) await call();
  const { user, system } = process.cpuUsage(before);
  kms.destroy();
  return (user + system) / 1000 / 200;
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
  const rows: {
    event: string;
    calls: number;
    deciding: number;
    operations: string;
    cpuMs: number;
    ownCpuMs: number;
  }[] = [];
  const cpuSamples: number[] = [];
  const ownSamples: number[] = [];
  let perCallMs = 0;
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
    const samples: { name: string; event: unknown }[] = [];
    for (const folder of ["kms", "acm"]) {
      const dir = new URL(`../events/${folder}/`, import.meta.url);
      for (const file of (await readdir(dir)).filter((f) => f.endsWith(".json")).sort())
        samples.push({
          name: `${folder}/${file}`,
          event: JSON.parse(await readFile(new URL(file, dir), "utf8")),
        });
    }
    // The first pass counts each event's calls and warms the services, as a warm container is.
    const calls = new Map<string, string[]>();
    for (const { name, event } of samples) {
      await replay(event);
      calls.set(name, (await ask<{ calls: string[] }>(endpoint, "calls")).calls);
    }
    // Then every event REPEATS times, round-robin, timed by the CPU this process spends.
    const cpu = new Map<string, number[]>(samples.map(({ name }) => [name, []]));
    for (let run = 0; run < REPEATS; run++) {
      for (const { name, event } of samples) {
        const before = process.cpuUsage();
        await replay(event);
        const { user, system } = process.cpuUsage(before);
        cpu.get(name)?.push((user + system) / 1000);
      }
    }
    perCallMs = await sdkCallCpu(url, seed.region, seed.keys[0]?.KeyId ?? "");
    await ask(endpoint, "calls");
    for (const { name } of samples) {
      const made = calls.get(name) ?? [];
      const perRun = cpu.get(name) ?? [];
      const own = perRun.map((ms) => Math.max(0, ms - made.length * perCallMs));
      cpuSamples.push(...perRun);
      ownSamples.push(...own);
      rows.push({
        event: name,
        calls: made.length,
        deciding: made.filter((op) => !NOT_DECIDING.has(op)).length,
        operations: made.join(" "),
        cpuMs: Number(percentile(perRun, 50).toFixed(2)),
        ownCpuMs: Number(percentile(own, 50).toFixed(2)),
      });
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
    sdkCpuMsPerCall: Number(perCallMs.toFixed(2)),
    ownCpuMsPerEvent: {
      p50: Number(percentile(ownSamples, 50).toFixed(2)),
      p99: Number(percentile(ownSamples, 99).toFixed(2)),
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
  console.log(
    `  one API call through the SDK costs ${figures.sdkCpuMsPerCall} ms of CPU here; without the calls,`,
  );
  console.log(
    `  keysentry's own CPU per event: p50 ${figures.ownCpuMsPerEvent.p50} ms, p99 ${figures.ownCpuMsPerEvent.p99} ms`,
  );
  await writeFile(new URL("./results/events.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
}
