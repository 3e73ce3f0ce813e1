import {
  CancelKeyDeletionCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import type { KeyActuator } from "../actions";

/** The only KMS writes keysentry makes, through the remediation role's client. */
export class KmsActuator implements KeyActuator {
  constructor(private readonly kms: KMSClient) {}

  async enableKeyRotation(keyId: string, rotationPeriodInDays: number): Promise<void> {
    await this.kms.send(
      new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: rotationPeriodInDays }),
    );
  }

  async cancelKeyDeletion(keyId: string): Promise<void> {
    await this.kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
  }

  async enableKey(keyId: string): Promise<void> {
    await this.kms.send(new EnableKeyCommand({ KeyId: keyId }));
  }
}
