import { type ActionResult, type DispatchOptions, dispatch } from "../actions";
import {
  type PendingResource,
  type PendingResourceOptions,
  pendingKeysInCustomKeyStore,
  pendingResource,
  type Readers,
  settle,
} from "../engine";
import { KeysentryError } from "../errors";
import type { EventCause, EventReading, EventResource, EventSelection } from "../events";
import type { Finding } from "../model";
import type { RuleSelection } from "../settings";

/** What every event handler returns: Lambda discards it; tests, replay and tools read it. */
export interface EventResult {
  findings: Finding[];
  actions: ActionResult[];
  ignored: { reason: string }[];
}

export interface EventPipeline {
  readers: Readers;
  selections: readonly RuleSelection[];
  dispatch: Omit<DispatchOptions, "now">;
  /** Events caused by this role are keysentry's own remediations: never evaluated again (loop guard). */
  remediationRoleArn?: string;
  now(): Date;
}

/** Errors worth retrying: the event goes back to Lambda's retries and then to the dead-letter queue. */
const TRANSIENT =
  /Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|InternalFailure|InternalError|KMSInternal|Timeout|ECONN|socket hang up/i;

export class EvaluationIncompleteError extends KeysentryError {
  override readonly name = "EvaluationIncompleteError";
  constructor(
    readonly resourceId: string,
    readonly code: string,
  ) {
    super(`could not read ${resourceId} (${code}); the event will be retried`);
  }
}

function transientFailure(findings: Finding[]): Finding | undefined {
  return findings.find((f) => {
    if (f.status !== "ERROR") return false;
    const failure = f.evidence.failure as { code?: string; message?: string } | undefined;
    return TRANSIENT.test(`${failure?.code ?? ""} ${failure?.message ?? ""}`);
  });
}

function optionsFor(cause: EventCause, pipeline: EventPipeline): PendingResourceOptions {
  // The event path reads each resource's tags fresh: an exemption tag added a minute ago counts.
  // Rules that take turns are judged only when the other rules' reads settle them: an event
  // does not pay for a read whose verdict moves over months.
  return {
    event: cause.facts,
    exemptions: { names: pipeline.dispatch.settings.exemptionTags },
    turns: { kind: "event", name: cause.name },
  };
}

function pendingFor(resource: EventResource, pipeline: EventPipeline, now: Date): PendingResource {
  const where = { account: resource.account, region: resource.region };
  return pendingResource(
    pipeline.readers,
    resource.resourceType,
    resource.resourceId,
    where,
    pipeline.selections,
    now,
    optionsFor(resource.cause, pipeline),
  );
}

/** The keys an event names by their custom key store, read fresh through the inventory. */
function pendingSelected(selection: EventSelection, pipeline: EventPipeline, now: Date) {
  const { account, region, cause, select } = selection;
  return pendingKeysInCustomKeyStore(
    pipeline.readers.keys,
    select.customKeyStoreId,
    { account, region },
    pipeline.selections,
    now,
    optionsFor(cause, pipeline),
  );
}

/** One resource read, judged and dispatched into `result`; a transient read failure throws. */
async function decide(
  target: PendingResource,
  cause: EventCause,
  pipeline: EventPipeline,
  now: Date,
  result: EventResult,
) {
  const settled = await settle(target, pipeline.selections);
  const incomplete = transientFailure(settled.findings);
  if (incomplete)
    throw new EvaluationIncompleteError(
      target.who.resourceId,
      String((incomplete.evidence.failure as { code?: string }).code),
    );
  result.findings.push(...settled.findings);
  result.actions.push(
    ...(await dispatch(settled.findings, settled.snapshot, cause, { ...pipeline.dispatch, now })),
  );
}

/** Why keysentry does not act on what its own remediation role did (the loop guard), if it did. */
function ownRemediation(cause: EventCause, pipeline: EventPipeline): string | undefined {
  if (!pipeline.remediationRoleArn || cause.actorArn !== pipeline.remediationRoleArn) return undefined;
  return `${cause.name} was made by keysentry's own remediation role`;
}

/**
 * From an event reading to decisions: the loop guard, a fresh snapshot of each resource (those
 * the event names, and those it selects, found through the inventory), the rules, then the
 * dispatcher. Throws EvaluationIncompleteError when a read failed for a reason that may pass, so
 * the event is retried rather than decided on half a picture.
 */
export async function processReading(reading: EventReading, pipeline: EventPipeline): Promise<EventResult> {
  const result: EventResult = { findings: [], actions: [], ignored: [] };
  if ("ignored" in reading) {
    result.ignored.push({ reason: reading.ignored });
    return result;
  }
  const now = pipeline.now();
  for (const resource of reading.resources) {
    const own = ownRemediation(resource.cause, pipeline);
    if (own) result.ignored.push({ reason: own });
    else await decide(pendingFor(resource, pipeline, now), resource.cause, pipeline, now, result);
  }
  for (const selection of reading.selections ?? []) {
    const own = ownRemediation(selection.cause, pipeline);
    if (own) {
      result.ignored.push({ reason: own });
      continue;
    }
    const targets = await pendingSelected(selection, pipeline, now);
    if (targets.length === 0)
      result.ignored.push({
        reason: `${selection.cause.name}: custom key store ${selection.select.customKeyStoreId} holds no key keysentry judges`,
      });
    for (const target of targets) await decide(target, selection.cause, pipeline, now, result);
  }
  return result;
}
