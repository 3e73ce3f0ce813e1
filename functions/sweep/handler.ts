import { createSweepHandler } from "../../shared/handlers";
import { createLambdaRuntime, lambdaContinuation } from "../../shared/wiring";

const runtime = await createLambdaRuntime();

/** The scheduled sweep: every key and certificate, the dispatcher, one digest per run. */
export const handler = createSweepHandler(runtime, {
  digests: runtime.digests,
  continuation: lambdaContinuation(runtime.region),
});
