import { eventReaderFor } from "../../shared/events";
import { createEventHandler } from "../../shared/handlers";
import { createLambdaServices } from "../../shared/wiring";
import { kmsKeyReader } from "../../shared/wiring/key-reader";

/** KMS API calls (through CloudTrail) and KMS's own events → fresh evaluation → alerts, tickets, remediation. */
export const handler = createEventHandler(
  eventReaderFor("kms-events"),
  await createLambdaServices({ keys: kmsKeyReader }),
);
