import { eventSourceOf } from "../../shared/events";
import { createEventHandler } from "../../shared/handlers";
import { createLambdaServices } from "../../shared/wiring";

/** ACM events and AWS Health events for ACM → fresh evaluation → alerts and tickets. */
export const handler = createEventHandler(eventSourceOf("acm-events").read, await createLambdaServices());
