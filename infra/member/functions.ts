import { AssetHashType, DockerImage, type Duration, RemovalPolicy } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { buildSync } from "esbuild";
import { functionBuildOptions } from "./bundle";

const root = new URL("../../", import.meta.url).pathname;

export interface FunctionOptions {
  name: string;
  description: string;
  environment: Record<string, string>;
  timeout: Duration;
  memorySize?: number;
  /** Caps a runaway (an event storm) so it cannot starve the account's Lambda concurrency; none when absent. */
  reservedConcurrency?: number;
}

/**
 * The function's code, bundled locally by esbuild (no Docker) with the settings `npm run build`
 * uses, code splitting included (the CDK's NodejsFunction cannot split: it writes one file).
 */
function bundledCode(name: string): lambda.Code {
  return lambda.Code.fromAsset(root, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type, never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry("scratch"),
      // The CDK caches bundles by source path and options: naming the function keeps them apart.
      command: ["bundle", name],
      local: {
        tryBundle(outputDir) {
          buildSync(functionBuildOptions(name, outputDir));
          return true;
        },
      },
    },
  });
}

/** A keysentry function: ESM bundle with source maps, arm64, the newest Node.js runtime, a year of logs. */
export function keysentryFunction(
  scope: Construct,
  prefix: string,
  options: FunctionOptions,
): lambda.Function {
  // Kept when the stack is deleted (a year of evidence), and so named by CloudFormation: a fixed
  // name would make the next stack in this account and region fail with "already exists". The
  // function's LoggingConfig names it, so Lambda writes there, not to /aws/lambda/<function>.
  const logGroup = new logs.LogGroup(scope, `${options.name}-logs`, {
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return new lambda.Function(scope, options.name, {
    functionName: `${prefix}-${options.name}`,
    description: options.description,
    code: bundledCode(options.name),
    handler: "index.handler",
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: options.memorySize ?? 512,
    timeout: options.timeout,
    reservedConcurrentExecutions: options.reservedConcurrency,
    environment: { ...options.environment, NODE_OPTIONS: "--enable-source-maps" },
    logGroup,
  });
}
