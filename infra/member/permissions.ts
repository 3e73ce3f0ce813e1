import { REMEDIATIONS } from "../../shared/actions/remediations";
import { readActions } from "../../shared/engine";
import { RULES } from "../../shared/rules";

/** What every function reads: listing, each rule's declared reads, and tags for exemptions. */
export const READ_ACTIONS = readActions(RULES);

/** What the remediation role may do, from the remediations' own declarations. */
export const REMEDIATION_ACTIONS = [...new Set(REMEDIATIONS.flatMap((r) => r.permissions))].sort();

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
