import { type ActionResult, type DispatchOptions, dispatch } from "../actions";
import { type PendingResourceOptions, pendingResource, type Readers, settle } from "../engine";
import { KeysentryError } from "../errors";
import type { EventReading, EventResource } from "../events";
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

async function evaluateResource(resource: EventResource, pipeline: EventPipeline, now: Date) {
  const { readers, selections } = pipeline;
  const where = { account: resource.account, region: resource.region };
  // The event path reads the one resource's tags fresh: an exemption tag added a minute ago counts.
  // Rules that take turns are judged only when the other rules' reads settle them: an event
  // does not pay for a read whose verdict moves over months.
  const options: PendingResourceOptions = {
    event: resource.cause.facts,
    exemptions: { names: pipeline.dispatch.settings.exemptionTags },
    turns: { kind: "event", name: resource.cause.name },
  };
  const target = pendingResource(
    readers,
    resource.resourceType,
    resource.resourceId,
    where,
    selections,
    now,
    options,
  );
  return settle(target, selections);
}

/**
 * From an event reading to decisions: the loop guard, a fresh snapshot of each resource, the
 * rules, then the dispatcher. Throws EvaluationIncompleteError when a read failed for a reason
 * that may pass, so the event is retried rather than decided on half a picture.
 */
export async function processReading(reading: EventReading, pipeline: EventPipeline): Promise<EventResult> {
  const result: EventResult = { findings: [], actions: [], ignored: [] };
  if ("ignored" in reading) {
    result.ignored.push({ reason: reading.ignored });
    return result;
  }
  const now = pipeline.now();
  for (const resource of reading.resources) {
    if (pipeline.remediationRoleArn && resource.cause.actorArn === pipeline.remediationRoleArn) {
      result.ignored.push({ reason: `${resource.cause.name} was made by keysentry's own remediation role` });
      continue;
    }
    const settled = await evaluateResource(resource, pipeline, now);
    const incomplete = transientFailure(settled.findings);
    if (incomplete)
      throw new EvaluationIncompleteError(
        resource.resourceId,
        String((incomplete.evidence.failure as { code?: string }).code),
      );
    result.findings.push(...settled.findings);
    result.actions.push(
      ...(await dispatch(settled.findings, settled.snapshot, resource.cause, { ...pipeline.dispatch, now })),
    );
  }
  return result;
}
