/**
 * Fixes keysentry may apply when a rule's mode is `remediate`. Each declares the IAM actions it
 * needs, never removes anyone's access and never deletes anything. None of them judges its own
 * success: the dispatcher reads the key afresh and re-evaluates the rule (see verify.ts).
 */
import type { KeySnapshot } from "../model";

/** The writes remediation makes (SDK adapter: shared/aws). Every call names the key by its ARN. */
export interface KeyActuator {
  enableKeyRotation(keyArn: string, rotationPeriodInDays: number): Promise<void>;
  cancelKeyDeletion(keyArn: string): Promise<void>;
  enableKey(keyArn: string): Promise<void>;
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
  /** IAM actions the remediation role needs; the CDK stack grants exactly these. */
  permissions: readonly string[];
  /** Why this fix cannot work on the key as it stands (it is not attempted), or undefined. */
  cannotApply(snapshot: KeySnapshot): string | undefined;
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
  permissions: ["kms:EnableKeyRotation", "kms:GetKeyRotationStatus"],
  cannotApply: () => undefined,
  apply: rotationOn,
};

export const setRotationPeriod: Remediation = {
  id: "set-rotation-period",
  ruleId: "kms-rotation-period",
  title: "Set the rotation period to the configured number of days",
  permissions: ["kms:EnableKeyRotation", "kms:GetKeyRotationStatus", "kms:ListKeyRotations"],
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
  permissions: ["kms:CancelKeyDeletion", "kms:EnableKey", "kms:DescribeKey"],
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
  permissions: ["kms:EnableKey", "kms:DescribeKey"],
  cannotApply: cannotEnable,
  async apply(context) {
    await context.actuator.enableKey(context.snapshot.key.arn);
    return { calls: ["EnableKey"], detail: "called EnableKey" };
  },
};

export const REMEDIATIONS: readonly Remediation[] = [
  enableKeyRotation,
  setRotationPeriod,
  cancelKeyDeletion,
  enableKey,
];

export function remediationFor(ruleId: string): Remediation | undefined {
  return REMEDIATIONS.find((r) => r.ruleId === ruleId);
}
