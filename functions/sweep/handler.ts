import { LambdaClient } from "@aws-sdk/client-lambda";
import { LambdaContinuation } from "../../shared/aws";
import { createSweepHandler } from "../../shared/handlers";
import { createLambdaRuntime } from "../../shared/runtime";

const runtime = await createLambdaRuntime();

/** The scheduled sweep: every key and certificate, the dispatcher, one digest per run. */
export const handler = createSweepHandler(runtime, {
  digests: runtime.digests,
  continuation: new LambdaContinuation(new LambdaClient({ region: runtime.region })),
});
