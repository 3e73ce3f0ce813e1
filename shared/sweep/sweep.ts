import pLimit from "p-limit";
import { type ActionResult, dispatch, flushSinks, RemediationBudget } from "../actions";
import {
  type ExemptionSource,
  exemptionSource,
  listPendingAuthorities,
  listPendingCertificates,
  listPendingKeys,
  type PendingResource,
  type ResourceTally,
  type Settled,
  settle,
  sweepRun,
  type TurnPolicy,
} from "../engine";
import type { EventCause } from "../events";
import type { Finding } from "../model";
import type { EventPipeline } from "../pipeline";
import { type Digest, digestOf } from "./digest";

/** How far a sweep got: resources done so far in each (sorted) list, and the run it belongs to. */
export interface SweepCursor {
  keys: number;
  certificates: number;
  /** Private CAs done; absent in a cursor from before they were swept. */
  authorities?: number;
  /** The run's turn (`sweepRun`), so a follow-up judges the same resources' turns as its start. */
  run?: number;
}

export interface SweepOptions {
  /** The readers, rules and dispatcher every path shares. */
  pipeline: EventPipeline;
  region: string;
  account: string;
  /** True once it is time to stop starting resources (the invocation is about to time out). */
  timeUp?: () => boolean;
  cursor?: SweepCursor;
  /** Resources in flight at once, in each list; the rate limiter, not this, keeps calls inside the quotas. */
  concurrency?: number;
}

export interface SweepResult {
  digest: Digest;
  /** Where a follow-up run continues; absent when the sweep covered everything. */
  cursor?: SweepCursor;
  findings: Finding[];
  actions: ActionResult[];
}

const emptyTally = (listed: number): ResourceTally => ({ listed, evaluated: 0, unreadable: 0, gone: 0 });

interface ListResult {
  tally: ResourceTally;
  /** The index of the first resource not started. */
  done: number;
}

/**
 * Evaluates and dispatches one list of resources from `from`, in order, until done or time is up.
 * A resource that cannot be read is tried once more at the end of the list before it is
 * reported unreadable.
 */
async function sweepList(
  resources: PendingResource[],
  from: number,
  options: SweepOptions,
  cause: EventCause,
  sink: { findings: Finding[]; actions: ActionResult[] },
  budget: RemediationBudget,
): Promise<ListResult> {
  const { pipeline } = options;
  const run = pLimit(options.concurrency ?? 16);
  const tally = emptyTally(resources.length);
  let stopAt = resources.length;
  const retry: PendingResource[] = [];
  const finish = async (settled: Settled) => {
    tally[settled.outcome]++;
    sink.findings.push(...settled.findings);
    sink.actions.push(
      ...(await dispatch(settled.findings, settled.snapshot, cause, {
        ...pipeline.dispatch,
        remediationBudget: budget,
        refreshFindings: true,
        now: pipeline.now(),
      })),
    );
  };
  await Promise.all(
    resources.slice(from).map((resource, offset) =>
      run(async () => {
        const index = from + offset;
        if (index >= stopAt) return;
        if (options.timeUp?.()) {
          stopAt = Math.min(stopAt, index);
          return;
        }
        const settled = await settle(resource, pipeline.selections);
        if (settled.outcome === "unreadable") retry.push(resource);
        else await finish(settled);
      }),
    ),
  );
  for (const resource of retry) await finish(await settle(resource, pipeline.selections));
  return { tally, done: stopAt };
}

/**
 * The scheduled sweep: every key and certificate in the region, through the same engine and
 * dispatcher as events (de-duplication keeps repeats quiet). Every listed resource is accounted
 * for: evaluated, unreadable (ERROR in the digest) or gone.
 */
export async function sweep(options: SweepOptions): Promise<SweepResult> {
  const { pipeline } = options;
  const { readers, selections, now } = pipeline;
  const { settings } = pipeline.dispatch;
  const startedAt = now();
  const cause: EventCause = {
    name: "Scheduled sweep",
    eventId: `sweep-${startedAt.toISOString()}`,
    time: startedAt.toISOString(),
    actor: "keysentry sweep",
    facts: {},
  };
  const sink = { findings: [] as Finding[], actions: [] as ActionResult[] };
  // Remediation runs here too (keys that failed before keysentry was deployed), within a cap per run.
  const budget = new RemediationBudget(settings.sweep.maxRemediationsPerRun);
  const exemptions: ExemptionSource = await exemptionSource(settings.exemptionTags, readers.tagged);

  // Keys, certificates and private CAs run side by side: keys are bound by this function's CPU,
  // certificates by ACM's low DescribeCertificate quota, CAs are few; none waits for another.
  const turns: TurnPolicy = {
    kind: "sweep",
    run: options.cursor?.run ?? sweepRun(startedAt, settings.sweep.everyHours),
    everyHours: settings.sweep.everyHours,
  };
  const listing = { selections, now: startedAt, exemptions, turns, sorted: true };
  const [keys, certificates, authorities] = await Promise.all([
    listPendingKeys(readers.keys, listing).then((resources) =>
      sweepList(resources, options.cursor?.keys ?? 0, options, cause, sink, budget),
    ),
    listPendingCertificates(readers.certificates, listing).then((resources) =>
      sweepList(resources, options.cursor?.certificates ?? 0, options, cause, sink, budget),
    ),
    (readers.authorities ? listPendingAuthorities(readers.authorities, listing) : Promise.resolve([])).then(
      (resources) => sweepList(resources, options.cursor?.authorities ?? 0, options, cause, sink, budget),
    ),
  ]);
  await flushSinks(pipeline.dispatch);
  const complete = [keys, certificates, authorities].every((list) => list.done >= list.tally.listed);
  const digest = digestOf(
    { account: options.account, region: options.region, startedAt, finishedAt: now(), complete },
    { keys: keys.tally, certificates: certificates.tally, authorities: authorities.tally },
    sink.findings,
    sink.actions,
    selections,
    exemptions.bulkFailure,
  );
  return {
    digest,
    cursor: complete
      ? undefined
      : { keys: keys.done, certificates: certificates.done, authorities: authorities.done, run: turns.run },
    ...sink,
  };
}
