import { eventReaderFor } from "../../shared/events";
import { createEventHandler } from "../../shared/handlers";
import { createLambdaServices } from "../../shared/wiring";
import { acmCertificateReader } from "../../shared/wiring/certificate-reader";

/** ACM API calls (through CloudTrail), ACM and AWS Health events → fresh evaluation → alerts and tickets. */
export const handler = createEventHandler(
  eventReaderFor("acm-events"),
  await createLambdaServices({ certificates: acmCertificateReader }),
);
