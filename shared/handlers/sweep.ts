import { MetricUnit } from "@aws-lambda-powertools/metrics";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import type { Services } from "../services";
import {
  type Continuation,
  type DigestSender,
  digestLines,
  type SweepCursor,
  type SweepLease,
  type SweepResult,
  sweep,
} from "../sweep";
import * as z from "../zod";
import { accountOf } from "./lambda-context";
import { observability } from "./observability";

export interface SweepDependencies {
  digests: readonly DigestSender[];
  continuation?: Continuation;
  /** Time left at which no new resource is started: enough to finish those in flight and report. */
  marginMs?: number;
  /**
   * Held while a run works: a run that cannot take it stops at once, since another sweep is
   * running (Lambda's concurrency is not reserved, so nothing else keeps two apart).
   */
  lease?: SweepLease;
}

const position = () => z.int().check(z.gte(0));
/** A scheduler event carries nothing keysentry needs; a continuation carries the cursor. */
const sweepEvent = z.looseObject({
  cursor: z.optional(
    z.object({
      keys: position(),
      certificates: position(),
      authorities: z.optional(position()),
      run: z.optional(position()),
    }),
  ),
});

export function createSweepHandler(services: Services, deps: SweepDependencies) {
  /** One run from the cursor: the sweep, its log line and metrics, the digests. */
  async function run(cursor: SweepCursor | undefined, context: Context): Promise<SweepResult> {
    const margin = deps.marginMs ?? 60_000;
    const result = await sweep({
      pipeline: services.pipeline,
      region: services.region,
      account: accountOf(context),
      cursor,
      concurrency: services.settings.sweep.concurrency,
      timeUp: () => context.getRemainingTimeInMillis() < margin,
    });
    const { digest } = result;
    services.logger.info("sweep finished", {
      summary: digestLines(digest),
      keys: digest.keys,
      certificates: digest.certificates,
      authorities: digest.authorities,
      cursor: result.cursor,
    });
    services.metrics.addMetric(
      "SweepResources",
      MetricUnit.Count,
      digest.keys.listed + digest.certificates.listed + digest.authorities.listed,
    );
    services.metrics.addMetric(
      "UnreadableResources",
      MetricUnit.Count,
      digest.keys.unreadable + digest.certificates.unreadable + digest.authorities.unreadable,
    );
    // Every run reports, 0 when it stopped short: a sweep that runs but never completes breaches
    // the SweepNotCompleted alarm, and one that stops running leaves it without data.
    services.metrics.addMetric("SweepCompleted", MetricUnit.Count, digest.complete ? 1 : 0);
    for (const sender of deps.digests) {
      try {
        await sender.sendDigest(digest);
      } catch (error) {
        services.logger.error("digest delivery failed", { channel: sender.name, error: error as Error });
        services.metrics.addMetric("DeliveryFailures", MetricUnit.Count, 1);
      }
    }
    return result;
  }

  return middy(async (event: unknown, context: Context): Promise<SweepResult | undefined> => {
    const parsed = sweepEvent.safeParse(event ?? {});
    const cursor = parsed.success ? parsed.data.cursor : undefined;
    const holder = context.awsRequestId;
    const now = services.pipeline.now();
    const deadline = new Date(now.getTime() + context.getRemainingTimeInMillis());
    if (deps.lease && !(await deps.lease.acquire(holder, deadline, now))) {
      services.logger.info("another sweep is running: this run stops", { cursor });
      services.metrics.addMetric("SweepsSkipped", MetricUnit.Count, 1);
      return undefined;
    }
    let result: SweepResult;
    try {
      result = await run(cursor, context);
    } finally {
      await deps.lease?.release(holder);
    }
    // After the lease is given up, so that the continuation can take it.
    if (result.cursor && deps.continuation) await deps.continuation.continueFrom(result.cursor, context);
    return result;
  }).use(observability(services));
}
