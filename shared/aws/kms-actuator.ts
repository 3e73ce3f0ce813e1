import {
  CancelKeyDeletionCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  type KMSClient,
  RevokeGrantCommand,
} from "@aws-sdk/client-kms";
import type { KeyActuator } from "../actions";

/** The only KMS writes keysentry makes, through the remediation role's client, each naming the key by ARN. */
export class KmsActuator implements KeyActuator {
  constructor(private readonly kms: KMSClient) {}

  async enableKeyRotation(keyArn: string, rotationPeriodInDays: number): Promise<void> {
    await this.kms.send(
      new EnableKeyRotationCommand({ KeyId: keyArn, RotationPeriodInDays: rotationPeriodInDays }),
    );
  }

  async cancelKeyDeletion(keyArn: string): Promise<void> {
    await this.kms.send(new CancelKeyDeletionCommand({ KeyId: keyArn }));
  }

  async enableKey(keyArn: string): Promise<void> {
    await this.kms.send(new EnableKeyCommand({ KeyId: keyArn }));
  }

  async revokeGrant(keyArn: string, grantId: string): Promise<void> {
    await this.kms.send(new RevokeGrantCommand({ KeyId: keyArn, GrantId: grantId }));
  }
}
