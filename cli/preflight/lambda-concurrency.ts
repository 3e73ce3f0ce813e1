/**
 * The `lambda-concurrency` check: what the stack would reserve, against the region's quota.
 * Lambda keeps at least 100 concurrent executions unreserved and refuses a reservation that
 * would leave fewer (Lambda API reference, PutFunctionConcurrency), so the stack would fail.
 */
import { EVENT_SOURCES } from "../../shared/events";
import { RESERVED_CONCURRENCY, type Settings } from "../../shared/settings";
import { type Check, fail, ok, warn } from "./check";
import type { RegionFacts } from "./facts";

/** Lambda's floor of unreserved concurrency (PutFunctionConcurrency). */
const UNRESERVED_FLOOR = 100;

/** Each function's reservation when `deployment.reservedConcurrency` is on; the Config rule function only with Config rules. */
export function reservations(settings: Settings): Record<string, number> {
  return {
    ...Object.fromEntries(EVENT_SOURCES.map((s) => [s.functionName, s.reservedConcurrency])),
    ...(settings.deployment.configRules ? { "config-rule": RESERVED_CONCURRENCY["config-rule"] } : {}),
    sweep: RESERVED_CONCURRENCY.sweep,
  };
}

const listed = (figures: Record<string, number>) =>
  Object.entries(figures)
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");

const RAISE = 'request a higher "Concurrent executions" quota for Lambda in Service Quotas';

export function lambdaConcurrencyCheck(
  region: string,
  lambda: RegionFacts["lambda"],
  settings: Settings,
): Check {
  const figures = reservations(settings);
  const total = Object.values(figures).reduce((sum, n) => sum + n, 0);
  const quota = `Lambda's concurrency quota in ${region} is ${lambda.concurrentExecutions} (${lambda.unreservedConcurrentExecutions} unreserved)`;
  if (settings.deployment.reservedConcurrency) {
    const left = lambda.unreservedConcurrentExecutions - total;
    if (left < UNRESERVED_FLOOR)
      return fail(
        "lambda-concurrency",
        `${quota}: reserving ${total} (${listed(figures)}) would leave ${left < 0 ? "none" : left}, and Lambda refuses a reservation that leaves fewer than ${UNRESERVED_FLOOR} unreserved, so the stack would fail; set "deployment": { "reservedConcurrency": false } in the settings, or ${RAISE}`,
      );
    return ok(
      "lambda-concurrency",
      `${quota}: the stack reserves ${total} (${listed(figures)}) and leaves ${left}`,
    );
  }
  if (lambda.concurrentExecutions < total)
    return warn(
      "lambda-concurrency",
      `${quota}, below the ${total} concurrent executions keysentry's functions may use in an event storm (${listed(figures)}): events beyond it are throttled and retried, competing with the account's other functions; ${RAISE}`,
    );
  return ok("lambda-concurrency", `${quota}: room for an event storm (${total}); the stack reserves none`);
}
