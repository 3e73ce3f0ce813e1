import { createSweepHandler } from "../../shared/handlers";
import { createLambdaServices, lambdaContinuation } from "../../shared/wiring";

const services = await createLambdaServices();

/** The scheduled sweep: every key and certificate, the dispatcher, one digest per run. */
export const handler = createSweepHandler(services, {
  digests: services.digests,
  continuation: lambdaContinuation(services.region),
});
