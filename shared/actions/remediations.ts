/**
 * Fixes keysentry may apply when a rule's mode is `remediate`. Each declares the IAM actions it
 * needs, never removes anyone's access, never deletes anything, and proves itself by reading
 * the key back: a fix that does not show in a fresh read is reported as not verified.
 */
import type { KeyReader } from "../inventory";
import type { KeySnapshot } from "../model";

/** The writes remediation makes (SDK adapter: shared/aws). */
export interface KeyActuator {
  enableKeyRotation(keyId: string, rotationPeriodInDays: number): Promise<void>;
  cancelKeyDeletion(keyId: string): Promise<void>;
  enableKey(keyId: string): Promise<void>;
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
  reader: KeyReader;
  actuator: KeyActuator;
  priorState: PriorKeyState;
  rotationPeriodDays: number;
  now: Date;
}

export interface RemediationReport {
  remediation: string;
  /** The write calls made, in order. */
  calls: string[];
  verified: boolean;
  /** What was done and what the read-back showed, in words. */
  detail: string;
}

export interface Remediation {
  id: string;
  ruleId: string;
  title: string;
  /** IAM actions the remediation role needs; the CDK stack grants exactly these. */
  permissions: readonly string[];
  apply(context: RemediationContext): Promise<RemediationReport>;
}

async function rotationOn(context: RemediationContext, id: string): Promise<RemediationReport> {
  const { keyId } = context.snapshot.key;
  await context.actuator.enableKeyRotation(keyId, context.rotationPeriodDays);
  const status = await context.reader.rotationStatus(keyId);
  const verified = status.supported && status.enabled && status.periodDays === context.rotationPeriodDays;
  return {
    remediation: id,
    calls: ["EnableKeyRotation"],
    verified,
    detail: verified
      ? `enabled automatic rotation every ${context.rotationPeriodDays} days; GetKeyRotationStatus confirms it`
      : `called EnableKeyRotation, but GetKeyRotationStatus still reads ${JSON.stringify(status)}`,
  };
}

export const enableKeyRotation: Remediation = {
  id: "enable-key-rotation",
  ruleId: "kms-rotation-enabled",
  title: "Turn on automatic rotation with the configured period",
  permissions: ["kms:EnableKeyRotation", "kms:GetKeyRotationStatus"],
  apply: (context) => rotationOn(context, "enable-key-rotation"),
};

export const setRotationPeriod: Remediation = {
  id: "set-rotation-period",
  ruleId: "kms-rotation-period",
  title: "Set the rotation period to the configured number of days",
  permissions: ["kms:EnableKeyRotation", "kms:GetKeyRotationStatus"],
  apply: (context) => rotationOn(context, "set-rotation-period"),
};

export const cancelKeyDeletion: Remediation = {
  id: "cancel-key-deletion",
  ruleId: "kms-not-pending-deletion",
  title: "Cancel the deletion, and re-enable the key if it was enabled before",
  permissions: ["kms:CancelKeyDeletion", "kms:EnableKey", "kms:DescribeKey"],
  async apply(context) {
    const { keyId, keyState } = context.snapshot.key;
    if (keyState !== "PendingDeletion") {
      return {
        remediation: this.id,
        calls: [],
        verified: false,
        detail: `key is ${keyState}; only a PendingDeletion key can be cancelled`,
      };
    }
    await context.actuator.cancelKeyDeletion(keyId);
    const calls = ["CancelKeyDeletion"];
    // CancelKeyDeletion leaves the key Disabled (KMS API reference); restore Enabled only when that is known to be right.
    const prior = await context.priorState.stateBeforeDeletion(context.snapshot.key, context.now);
    if (prior?.state === "Enabled") {
      await context.actuator.enableKey(keyId);
      calls.push("EnableKey");
    }
    const after = await context.reader.describeKey(keyId);
    const expected = prior?.state === "Enabled" ? "Enabled" : "Disabled";
    const verified = after.keyState === expected;
    const why = prior
      ? `it was ${prior.state} before (${prior.source})`
      : "its state before the deletion could not be established, so it is left Disabled for someone to enable";
    return {
      remediation: this.id,
      calls,
      verified,
      detail: verified
        ? `cancelled the deletion; the key is ${after.keyState} because ${why}`
        : `cancelled the deletion, but DescribeKey reads ${after.keyState}, expected ${expected}`,
    };
  },
};

export const enableKey: Remediation = {
  id: "enable-key",
  ruleId: "kms-key-enabled",
  title: "Enable the key",
  permissions: ["kms:EnableKey", "kms:DescribeKey"],
  async apply(context) {
    const { keyId } = context.snapshot.key;
    await context.actuator.enableKey(keyId);
    const after = await context.reader.describeKey(keyId);
    const verified = after.keyState === "Enabled";
    return {
      remediation: this.id,
      calls: ["EnableKey"],
      verified,
      detail: verified
        ? "enabled the key; DescribeKey confirms it"
        : `called EnableKey, but DescribeKey reads ${after.keyState}`,
    };
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
