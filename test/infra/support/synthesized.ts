import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { buildApp } from "../../../infra/app";
import type { Template } from "./cloudformation";

/**
 * Template tests need no function code: CDK's `aws:cdk:bundling-stacks` context, empty, skips
 * esbuild (the functions get a placeholder asset). member-stack.test.ts and the asset
 * publishing test bundle for real.
 */
export const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] as string[] };

/** Synthesizes the whole app with the sample settings and this context; returns a reader of its templates. */
export function synthesize(context: Record<string, string>): (stack: string) => Template {
  const outdir = mkdtempSync(join(tmpdir(), "keysentry-cdk-"));
  buildApp(
    new App({
      outdir,
      context: {
        settings: "examples/settings.json",
        assetsAccount: "111111111111",
        ...NO_BUNDLING,
        ...context,
      },
    }),
  ).synth();
  return (stack) => JSON.parse(readFileSync(join(outdir, `${stack}.template.json`), "utf8")) as Template;
}
