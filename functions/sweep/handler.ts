import { createSweepHandler } from "../../shared/handlers";
import { createLambdaServices, lambdaContinuation, sweepLease } from "../../shared/wiring";
import { acmCertificateReader } from "../../shared/wiring/certificate-reader";
import { kmsKeyReader } from "../../shared/wiring/key-reader";

const services = await createLambdaServices({ keys: kmsKeyReader, certificates: acmCertificateReader });

/** The scheduled sweep: every key and certificate, the dispatcher, one digest per run. */
export const handler = createSweepHandler(services, {
  digests: services.digests,
  continuation: lambdaContinuation(services.region),
  lease: sweepLease(services.region),
});
