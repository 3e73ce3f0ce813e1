import middy from "@middy/core";
import { describe, expect, it, vi } from "vitest";
import { InvalidEventError } from "../../../shared/events";
import { invalidEvents } from "../../../shared/handlers/observability";
import type { Services } from "../../../shared/services";

class ParameterError extends Error {}

function runtimeSpy() {
  const logger = { error: vi.fn() };
  const metrics = { addMetric: vi.fn() };
  return { services: { logger, metrics } as unknown as Services, logger, metrics };
}

const failingWith = (error: Error, services: Services) =>
  middy(async () => {
    throw error;
  }).use(invalidEvents(services, [ParameterError]));

describe("invalidEvents", () => {
  it("logs where an event is wrong once, counts it, and lets it fail on to the dead-letter queue", async () => {
    const { services, logger, metrics } = runtimeSpy();
    const error = new InvalidEventError("detail.keyId", "too long", "e-1");
    await expect(failingWith(error, services)({}, {} as never)).rejects.toBe(error);
    expect(logger.error).toHaveBeenCalledExactlyOnceWith("invalid event", {
      eventId: "e-1",
      path: "detail.keyId",
      problem: "too long",
    });
    expect(metrics.addMetric).toHaveBeenCalledExactlyOnceWith("InvalidEvents", "Count", 1);
  });

  it("treats the handler's own input errors the same way", async () => {
    const { services, metrics } = runtimeSpy();
    await expect(
      failingWith(new ParameterError("bad maxPeriodDays"), services)({}, {} as never),
    ).rejects.toThrow();
    expect(metrics.addMetric).toHaveBeenCalledWith("InvalidEvents", "Count", 1);
  });

  it("leaves every other failure alone: it is not the event's fault", async () => {
    const { services, logger, metrics } = runtimeSpy();
    await expect(failingWith(new Error("socket hang up"), services)({}, {} as never)).rejects.toThrow();
    expect(logger.error).not.toHaveBeenCalled();
    expect(metrics.addMetric).not.toHaveBeenCalled();
  });
});
