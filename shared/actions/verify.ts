import { pendingKey, settle } from "../engine";
import type { KeyReader } from "../inventory";
import type { Finding, KeySnapshot } from "../model";
import type { RuleSelection } from "../settings";
import type { ActionResult } from "./alert";
import type { RemediationBudget } from "./remediation-budget";
import { type KeyActuator, type PriorKeyState, remediationFor } from "./remediations";

/** What remediation needs where it is deployed: the writes, and a reader for the proof. */
export interface RemediationTools {
  reader: KeyReader;
  actuator: KeyActuator;
  priorState: PriorKeyState;
}

type RemediationOutcome = Pick<ActionResult, "status" | "detail">;

/**
 * Applies a remediation and proves it: the key is read afresh, by its ARN, and evaluated by the
 * same rule with the same parameters. Only a COMPLIANT finding is `verified`; anything else is
 * `not-verified`, with what the read showed.
 */
export async function remediateAndVerify(
  snapshot: KeySnapshot,
  selection: RuleSelection,
  tools: RemediationTools,
  { budget, ...context }: { rotationPeriodDays: number; now: Date; budget?: RemediationBudget },
): Promise<RemediationOutcome> {
  const remediation = remediationFor(selection.rule.id);
  if (!remediation) throw new Error(`${selection.rule.id} declares no remediation keysentry knows`);
  const blocked = remediation.cannotApply(snapshot, selection.params);
  if (blocked) return { status: "skipped", detail: `not attempted: ${blocked}` };
  // Taken only for a change that will be attempted: one refused above leaves the cap to the next key.
  if (budget && !budget.take())
    return {
      status: "skipped",
      detail: `this run's cap of ${budget.cap} remediations is reached: alerting instead`,
    };
  const applied = await remediation.apply({ snapshot, params: selection.params, ...tools, ...context });
  const fresh = await recheck(snapshot, selection, tools.reader, context.now);
  return fresh.status === "COMPLIANT"
    ? { status: "verified", detail: `${applied.detail}; a fresh read passes ${selection.rule.id}` }
    : {
        status: "not-verified",
        detail: `${applied.detail}, but a fresh read is ${fresh.status} for ${selection.rule.id}: ${fresh.annotation}`,
      };
}

/** The rule's verdict on the key as it is now, with no event facts: what the next sweep would see. */
async function recheck(
  snapshot: KeySnapshot,
  selection: RuleSelection,
  reader: KeyReader,
  now: Date,
): Promise<Finding> {
  const where = { account: snapshot.account, region: snapshot.region };
  const resource = pendingKey(reader, snapshot.key.arn, where, [selection], now, {
    aliases: snapshot.aliases,
  });
  const { findings } = await settle(resource, [selection]);
  return findings[0]!;
}
