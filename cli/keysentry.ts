#!/usr/bin/env node
// The command's entry point: scripts/build-cli.ts bundles it into dist/cli/keysentry.mjs, the
// package's bin; `npm run cli -- ARGS` runs it from source.
import { run } from "./run";

await run();
