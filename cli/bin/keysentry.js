#!/usr/bin/env node
// Runs the TypeScript CLI directly: no build step between `npm ci` and `npx keysentry`.
import { register } from "tsx/esm/api";
import { quietSdkNodeNotice } from "./quiet-sdk-notice.js";

quietSdkNodeNotice();

// `keysentry scan | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import("../main.ts");
process.exitCode = await main(process.argv.slice(2));
