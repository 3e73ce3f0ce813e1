import { ACM_EVENT_SOURCE } from "../../shared/events";
import { createEventHandler } from "../../shared/handlers";
import { createLambdaServices } from "../../shared/wiring";
import { acmCertificateReader } from "../../shared/wiring/certificate-reader";

/** ACM API calls (through CloudTrail), ACM and AWS Health events → fresh evaluation → alerts and tickets. */
export const handler = createEventHandler(
  ACM_EVENT_SOURCE.read,
  await createLambdaServices({ certificates: acmCertificateReader }),
);
