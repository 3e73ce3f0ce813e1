/**
 * Fixes keysentry may apply when a rule's mode is `remediate`. Each declares the IAM actions it
 * needs, never removes anyone's access and never deletes anything. None of them judges its own
 * success: the dispatcher reads the key afresh and re-evaluates the rule (see verify.ts).
 */
import { facetValue, type KeySnapshot } from "../model";
import { judgeGrant, revocable, type Trust } from "../rules";

/** The writes remediation makes (SDK adapter: shared/aws). Every call names the key by its ARN. */
export interface KeyActuator {
  enableKeyRotation(keyArn: string, rotationPeriodInDays: number): Promise<void>;
  cancelKeyDeletion(keyArn: string): Promise<void>;
  enableKey(keyArn: string): Promise<void>;
  revokeGrant(keyArn: string, grantId: string): Promise<void>;
}

/** Where a key's state before ScheduleKeyDeletion can be found (AWS Config history, then CloudTrail). */
export interface PriorKeyState {
  /** The newest Enabled or Disabled state recorded before `now`, and where it was found. */
  stateBeforeDeletion(
    key: { keyId: string; arn: string },
    now: Date,
  ): Promise<{ state: "Enabled" | "Disabled"; source: string } | undefined>;
}

export interface RemediationContext {
  snapshot: KeySnapshot;
  /** The rule's parameters, as it judged the key. */
  params: unknown;
  actuator: KeyActuator;
  priorState: PriorKeyState;
  rotationPeriodDays: number;
  now: Date;
}

/** What a remediation wrote, before anyone checks that it worked. */
export interface Applied {
  /** The write calls made, in order. */
  calls: string[];
  /** What was done, in words. */
  detail: string;
}

export interface Remediation {
  id: string;
  ruleId: string;
  title: string;
  /**
   * The writes it makes through the remediation role; the CDK stack grants that role exactly
   * these. Verification reads the key again with the function's own credentials, through the
   * rule's declared reads.
   */
  permissions: readonly string[];
  /** Reads it makes itself with the function's own credentials, beyond the rule's. */
  reads?: readonly string[];
  /** Why this fix cannot work on the key as it stands (it is not attempted), or undefined. */
  cannotApply(snapshot: KeySnapshot, params: unknown): string | undefined;
  apply(context: RemediationContext): Promise<Applied>;
}

/** States in which KMS refuses EnableKey, with what would help instead (KMS API reference, EnableKey; KeyState). */
function cannotEnable(snapshot: KeySnapshot): string | undefined {
  switch (snapshot.key.keyState) {
    case "Unavailable":
      return "the key is Unavailable: its custom key store is disconnected; ConnectCustomKeyStore reconnects it";
    case "PendingReplicaDeletion":
      return "the key is PendingReplicaDeletion: it waits for its replicas to be deleted and cannot be enabled";
    case "PendingImport":
      return "the key is PendingImport: it has no key material until ImportKeyMaterial";
    default:
      return undefined;
  }
}

async function rotationOn(context: RemediationContext): Promise<Applied> {
  await context.actuator.enableKeyRotation(context.snapshot.key.arn, context.rotationPeriodDays);
  return {
    calls: ["EnableKeyRotation"],
    detail: `called EnableKeyRotation with a ${context.rotationPeriodDays}-day period`,
  };
}

export const enableKeyRotation: Remediation = {
  id: "enable-key-rotation",
  ruleId: "kms-rotation-enabled",
  title: "Turn on automatic rotation with the configured period",
  permissions: ["kms:EnableKeyRotation"],
  cannotApply: () => undefined,
  apply: rotationOn,
};

export const setRotationPeriod: Remediation = {
  id: "set-rotation-period",
  ruleId: "kms-rotation-period",
  title: "Set the rotation period to the configured number of days",
  permissions: ["kms:EnableKeyRotation"],
  // Only the key's owner holds imported material: keysentry cannot import new material for them.
  cannotApply: (snapshot) =>
    snapshot.key.origin === "EXTERNAL"
      ? "imported key material rotates only when its owner imports new material and calls RotateKeyOnDemand"
      : undefined,
  apply: rotationOn,
};

export const cancelKeyDeletion: Remediation = {
  id: "cancel-key-deletion",
  ruleId: "kms-not-pending-deletion",
  title: "Cancel the deletion, and re-enable the key if it was enabled before",
  permissions: ["kms:CancelKeyDeletion", "kms:EnableKey"],
  // The key's state before the deletion (shared/aws/prior-key-state.ts): Config history, then CloudTrail.
  reads: ["config:GetResourceConfigHistory", "cloudtrail:LookupEvents"],
  cannotApply: (snapshot) =>
    snapshot.key.keyState === "PendingDeletion"
      ? undefined
      : `the key is ${snapshot.key.keyState}; only a PendingDeletion key can be cancelled`,
  async apply(context) {
    const { arn } = context.snapshot.key;
    await context.actuator.cancelKeyDeletion(arn);
    // CancelKeyDeletion leaves the key Disabled (KMS API reference); restore Enabled only when that is known to be right.
    const prior = await context.priorState.stateBeforeDeletion(context.snapshot.key, context.now);
    if (prior?.state === "Enabled") {
      await context.actuator.enableKey(arn);
      return {
        calls: ["CancelKeyDeletion", "EnableKey"],
        detail: `cancelled the deletion; the key is Enabled because it was Enabled before (${prior.source})`,
      };
    }
    const why = prior
      ? `it was ${prior.state} before (${prior.source})`
      : "its state before the deletion could not be established, so it is left Disabled for someone to enable";
    return {
      calls: ["CancelKeyDeletion"],
      detail: `cancelled the deletion; the key stays Disabled because ${why}`,
    };
  },
};

export const enableKey: Remediation = {
  id: "enable-key",
  ruleId: "kms-key-enabled",
  title: "Enable the key",
  permissions: ["kms:EnableKey"],
  cannotApply: cannotEnable,
  async apply(context) {
    await context.actuator.enableKey(context.snapshot.key.arn);
    return { calls: ["EnableKey"], detail: "called EnableKey" };
  },
};

/*
 * Grants that let an untrusted account in. Only grants whose grantee is an IAM principal of an
 * account keysentry can name are revoked: never one of this account, an AWS service's, or a
 * principal it cannot place (when in doubt, alert).
 */
/** RevokeGrant calls one remediation makes; the rest wait for the next run (RevokeGrant's quota is 50/s). */
export const REVOKES_PER_KEY = 20;

function targets(snapshot: KeySnapshot, params: unknown) {
  const trust = params as Trust; // the rule's own parameters, parsed by its schema
  return facetValue(snapshot.grants, "grants", snapshot.key.keyId)
    .map((grant) => judgeGrant(grant, snapshot.account, trust))
    .filter(revocable);
}

export const revokeExternalGrants: Remediation = {
  id: "revoke-external-grants",
  ruleId: "kms-grant-principals",
  title: "Revoke the grants whose grantee is a principal of an untrusted account",
  permissions: ["kms:RevokeGrant"],
  cannotApply: (snapshot, params) =>
    targets(snapshot, params).length === 0
      ? "no grant names a principal of an untrusted account; grants to this account, to AWS services and to principals keysentry cannot place are never revoked"
      : undefined,
  async apply({ snapshot, params, actuator }) {
    const all = targets(snapshot, params);
    const now = all.slice(0, REVOKES_PER_KEY);
    for (const { grant } of now) await actuator.revokeGrant(snapshot.key.arn, grant.grantId);
    const left = all.length - now.length;
    const whom = [...new Set(now.map((j) => j.grantee.principal))].slice(0, 3).join(", ");
    return {
      calls: now.map(() => "RevokeGrant"),
      detail: `revoked ${now.length} grant${now.length === 1 ? "" : "s"} to ${whom}${left > 0 ? `; ${left} more wait for the next run` : ""}`,
    };
  },
};

export const REMEDIATIONS: readonly Remediation[] = [
  enableKeyRotation,
  setRotationPeriod,
  cancelKeyDeletion,
  enableKey,
  revokeExternalGrants,
];

export function remediationFor(ruleId: string): Remediation | undefined {
  return REMEDIATIONS.find((r) => r.ruleId === ruleId);
}
