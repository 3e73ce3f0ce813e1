import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { MiddlewareObj } from "@middy/core";
import { InvalidEventError } from "../events";
import type { Services } from "../services";

/**
 * An event keysentry cannot read is logged once, with where it is wrong, and counted; the
 * error still propagates, so Lambda retries it and it ends in the dead-letter queue rather
 * than vanishing (as middy's error-logger does, but for the errors that describe the input).
 */
export function invalidEvents(
  services: Services,
  kinds: readonly (abstract new (...args: never[]) => Error)[] = [],
): MiddlewareObj {
  return {
    onError: async ({ error }) => {
      if (error instanceof InvalidEventError) {
        services.logger.error("invalid event", {
          eventId: error.eventId,
          path: error.path,
          problem: error.problem,
        });
      } else if (kinds.some((kind) => error instanceof kind)) {
        services.logger.error("invalid event", { problem: (error as Error).message });
      } else return;
      services.metrics.addMetric("InvalidEvents", MetricUnit.Count, 1);
    },
  };
}

/** What every keysentry handler wears: the Lambda context on its logs, EMF metrics, invalid events logged and counted. */
export function observability(
  services: Services,
  invalid: readonly (abstract new (...args: never[]) => Error)[] = [],
): MiddlewareObj[] {
  return [
    injectLambdaContext(services.logger),
    logMetrics(services.metrics),
    invalidEvents(services, invalid),
  ];
}
