import { eventSourceOf } from "../../shared/events";
import { createEventHandler } from "../../shared/handlers";
import { createLambdaServices } from "../../shared/wiring";

/** KMS API calls (through CloudTrail) and KMS's own events → fresh evaluation → alerts, tickets, remediation. */
export const handler = createEventHandler(eventSourceOf("kms-events").read, await createLambdaServices());
