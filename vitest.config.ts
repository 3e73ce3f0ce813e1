import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Child processes (the CDK bundles functions with esbuild) need real stdio, which worker threads lack.
    pool: "forks",
    // A worker for every core: most files wait on loopback endpoints and child processes, and the
    // default (one core fewer) runs the suite on one worker on a two-core machine, at twice the time.
    maxWorkers: availableParallelism(),
    // Files share their worker's modules: loading the SDK clients again for every file cost about
    // 100 s of the suite. test/architecture/test-isolation.test.ts and test/support/setup.ts keep
    // each file from leaving stubs behind (docs/contributing.md, "Tests").
    isolate: false,
    testTimeout: 20_000,
    setupFiles: ["test/support/setup.ts"],
    // Handlers log through Powertools; tests read their return values instead.
    env: { POWERTOOLS_METRICS_DISABLED: "true", POWERTOOLS_LOG_LEVEL: "SILENT" },
  },
});
