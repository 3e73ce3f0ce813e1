#!/usr/bin/env node
// Runs the TypeScript CLI directly: no build step between `npm ci` and `npx keysentry`.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../run.ts");
await run();
