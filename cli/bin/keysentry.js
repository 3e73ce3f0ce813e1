#!/usr/bin/env node
// Runs the TypeScript CLI directly: no build step between `npm ci` and `npx keysentry`.
import { register } from "tsx/esm/api";

// The AWS SDK announces that future releases will need Node 22; this release runs on 20.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const name = typeof rest[0] === "string" ? rest[0] : rest[0]?.type;
  if (name === "NodeVersionSupportWarning" || String(warning).includes("NodeVersionSupportWarning")) return;
  emitWarning(warning, ...rest);
};

// `keysentry scan | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import("../main.ts");
process.exitCode = await main(process.argv.slice(2));
