import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";

const root = new URL("../../", import.meta.url).pathname;

export interface FunctionOptions {
  name: string;
  description: string;
  environment: Record<string, string>;
  timeout: Duration;
  memorySize?: number;
  /** Caps a runaway (an event storm) so it cannot starve the account's Lambda concurrency. */
  reservedConcurrency?: number;
}

/**
 * A keysentry function bundled locally by esbuild (no Docker): ESM, minified, source maps,
 * the SDK bundled from its ES builds, arm64, the newest Node.js runtime.
 */
export function keysentryFunction(
  scope: Construct,
  prefix: string,
  options: FunctionOptions,
): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${options.name}-logs`, {
    logGroupName: `/aws/lambda/${prefix}-${options.name}`,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return new NodejsFunction(scope, options.name, {
    functionName: `${prefix}-${options.name}`,
    description: options.description,
    entry: `${root}functions/${options.name}/handler.ts`,
    projectRoot: root,
    depsLockFilePath: `${root}package-lock.json`,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: options.memorySize ?? 512,
    timeout: options.timeout,
    reservedConcurrentExecutions: options.reservedConcurrency,
    environment: { ...options.environment, NODE_OPTIONS: "--enable-source-maps" },
    logGroup,
    bundling: {
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: true,
      target: "node24",
      mainFields: ["module", "main"],
      externalModules: [],
      banner:
        "import { createRequire as __keysentryRequire } from 'node:module'; const require = __keysentryRequire(import.meta.url);",
      forceDockerBundling: false,
    },
  });
}
