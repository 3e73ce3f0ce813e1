import { REMEDIATIONS } from "../../shared/actions/remediations";
import { type ReadScope, readActions } from "../../shared/engine";
import type { EventSourceDefinition } from "../../shared/events";
import { RULES } from "../../shared/rules";

const unique = (actions: readonly string[]) => [...new Set(actions)].sort();

/** What a function that reads this scope is granted on every resource: its families' reads and its rules'. */
export function readActionsFor(scope: ReadScope): string[] {
  return readActions(RULES, scope);
}

/** What an event function reads: the resources its events name, one by one, and the families it lists to find them. */
export function eventReadScope({ resourceTypes, lists }: EventSourceDefinition): ReadScope {
  return { resourceTypes, byName: true, regionWide: false, listed: lists };
}

/** What the remediation role may do: the remediations' writes, from their own declarations. */
export const REMEDIATION_ACTIONS = unique(REMEDIATIONS.flatMap((r) => r.permissions));

/** What a function that remediates reads itself for a remediation, beyond the rules' reads. */
export const REMEDIATION_READS = unique(REMEDIATIONS.flatMap((r) => r.reads ?? []));

/** Never granted to any keysentry role (tested on the synthesized templates). */
export const FORBIDDEN_ACTIONS = ["*", "kms:*", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy"];

/** Never granted on every key: only on keysentry's own alerts key, to publish to its encrypted topic. */
export const DATA_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey",
  "kms:GenerateDataKey*",
];
