import { MetricUnit } from "@aws-lambda-powertools/metrics";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import type { EventReader } from "../events";
import { isTrouble } from "../model";
import { type EventResult, processReading } from "../pipeline";
import type { Services } from "../services";
import { accountOf } from "./lambda-context";
import { observability } from "./observability";

/** One structured line per decision, and the counts as EMF metrics. */
function recordDecision(services: Services, event: unknown, result: EventResult) {
  const { logger, metrics } = services;
  const id = (event as { id?: unknown })?.id;
  for (const { reason } of result.ignored) logger.info("event ignored", { eventId: id, reason });
  const troubling = result.findings.filter((f) => isTrouble(f.status));
  if (result.findings.length > 0) {
    logger.info("event evaluated", {
      eventId: id,
      findings: troubling.map((f) => ({
        ruleId: f.ruleId,
        resourceArn: f.resourceArn,
        status: f.status,
        severity: f.severity,
      })),
      compliant: result.findings.length - troubling.length,
      actions: result.actions.map((a) => ({
        action: a.action,
        target: a.target,
        ruleId: a.ruleId,
        status: a.status,
      })),
    });
  }
  metrics.addMetric("EventsIgnored", MetricUnit.Count, result.ignored.length);
  metrics.addMetric(
    "NonCompliantFindings",
    MetricUnit.Count,
    troubling.filter((f) => f.status === "NON_COMPLIANT").length,
  );
  metrics.addMetric(
    "UnreadableFindings",
    MetricUnit.Count,
    troubling.filter((f) => f.status === "ERROR").length,
  );
  metrics.addMetric(
    "Remediations",
    MetricUnit.Count,
    result.actions.filter((a) => a.action === "remediation" && a.status === "verified").length,
  );
  metrics.addMetric(
    "DeliveryFailures",
    MetricUnit.Count,
    result.actions.filter((a) => a.status === "failed").length,
  );
}

/**
 * A Lambda handler for one family of events: read the event, evaluate fresh snapshots,
 * dispatch, return the result. Invalid events throw InvalidEventError after a log line,
 * so they end in the dead-letter queue instead of vanishing.
 */
export function createEventHandler(read: EventReader, services: Services) {
  return middy(async (event: unknown, context: Context): Promise<EventResult> => {
    const reading = read(event, { account: accountOf(context), region: services.region });
    const result = await processReading(reading, services.pipeline);
    recordDecision(services, event, result);
    return result;
  }).use(observability(services));
}
