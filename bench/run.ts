/** `npm run bench`: every benchmark in turn; figures on stdout and in bench/results/. */
import { spawnSync } from "node:child_process";

const benchmarks = [
  "bench/scan.ts",
  "bench/events.ts",
  "bench/grant-storm.ts",
  "bench/config-rules.ts",
  "bench/sweep.ts",
  "bench/cold-start.ts",
  "bench/policy.ts",
  "bench/report.ts",
  "bench/organization.ts",
  "bench/cli-startup.ts",
];
for (const file of benchmarks) {
  console.log(`\n== ${file}`);
  const { status } = spawnSync(process.execPath, ["--import", "tsx", file], { stdio: "inherit" });
  if (status !== 0) process.exit(status ?? 1);
}
