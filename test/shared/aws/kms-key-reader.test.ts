import {
  DescribeKeyCommand,
  GetKeyLastUsageCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  NotFoundException,
  UnsupportedOperationException,
} from "@aws-sdk/client-kms";
import { beforeEach, describe, expect, it } from "vitest";
import { KmsKeyReader } from "../../../shared/aws";
import { IncompleteAnswerError } from "../../../shared/aws/kms-key-reader";
import { ResourceGoneError } from "../../../shared/inventory";
import { mockAws } from "../../support/mock-aws";

const kms = mockAws(KMSClient);
const reader = () => new KmsKeyReader(new KMSClient({ region: "eu-west-1" }));
const arn = (id: string) => `arn:aws:kms:eu-west-1:111122223333:key/${id}`;

beforeEach(() => kms.reset());

describe("KmsKeyReader", () => {
  it("pages through ListKeys with the largest page size", async () => {
    kms
      .on(ListKeysCommand, { Marker: undefined })
      .resolves({ Keys: [{ KeyId: "a", KeyArn: arn("a") }], Truncated: true, NextMarker: "m1" })
      .on(ListKeysCommand, { Marker: "m1" })
      .resolves({ Keys: [{ KeyId: "b", KeyArn: arn("b") }], Truncated: false });
    const ids: string[] = [];
    for await (const ref of reader().listKeys()) ids.push(ref.keyId);
    expect(ids).toEqual(["a", "b"]);
    expect(kms.commandCalls(ListKeysCommand).map((c) => c.args[0].input.Limit)).toEqual([1000, 1000]);
  });

  it("maps aliases to their keys and skips aliases without a target", async () => {
    kms.on(ListAliasesCommand).resolves({
      Aliases: [
        { AliasName: "alias/a", TargetKeyId: "a" },
        { AliasName: "alias/a2", TargetKeyId: "a" },
        { AliasName: "alias/aws/rds" },
      ],
    });
    expect(await reader().listAliases()).toEqual(new Map([["a", ["alias/a", "alias/a2"]]]));
  });

  it("turns KeyMetadata into the model", async () => {
    kms.on(DescribeKeyCommand).resolves({
      KeyMetadata: {
        KeyId: "a",
        Arn: arn("a"),
        KeyState: "PendingDeletion",
        KeyManager: "CUSTOMER",
        KeySpec: "SYMMETRIC_DEFAULT",
        KeyUsage: "ENCRYPT_DECRYPT",
        Origin: "AWS_KMS",
        CreationDate: new Date("2025-01-01T00:00:00Z"),
        DeletionDate: new Date("2026-01-01T00:00:00Z"),
        MultiRegion: true,
        MultiRegionConfiguration: {
          MultiRegionKeyType: "PRIMARY",
          PrimaryKey: { Arn: arn("a"), Region: "eu-west-1" },
          ReplicaKeys: [{ Arn: "arn:aws:kms:us-east-1:111122223333:key/a", Region: "us-east-1" }],
        },
      },
    });
    expect(await reader().describeKey("a")).toMatchObject({
      keyId: "a",
      keyState: "PendingDeletion",
      deletionDate: new Date("2026-01-01T00:00:00Z"),
      multiRegionConfiguration: { keyType: "PRIMARY", replicaKeys: [{ region: "us-east-1" }] },
    });
  });

  it("reports a vanished key as ResourceGoneError", async () => {
    kms
      .on(DescribeKeyCommand)
      .rejects(new NotFoundException({ message: "Key does not exist", $metadata: {} }));
    await expect(reader().describeKey("gone")).rejects.toBeInstanceOf(ResourceGoneError);
  });

  it("reads rotation status, and UnsupportedOperationException as unsupported", async () => {
    kms
      .on(GetKeyRotationStatusCommand, { KeyId: "a" })
      .resolves({
        KeyRotationEnabled: true,
        RotationPeriodInDays: 180,
        NextRotationDate: new Date("2026-05-01T00:00:00Z"),
      })
      .on(GetKeyRotationStatusCommand, { KeyId: "rsa" })
      .rejects(new UnsupportedOperationException({ message: "not supported", $metadata: {} }));
    expect(await reader().rotationStatus("a")).toEqual({
      supported: true,
      enabled: true,
      periodDays: 180,
      nextRotationDate: new Date("2026-05-01T00:00:00Z"),
      onDemandRotationStartDate: undefined,
    });
    expect(await reader().rotationStatus("rsa")).toEqual({ supported: false });
  });

  it("finds the newest rotation across pages", async () => {
    kms
      .on(ListKeyRotationsCommand, { Marker: undefined })
      .resolves({
        Rotations: [{ RotationDate: new Date("2024-01-01T00:00:00Z"), RotationType: "AUTOMATIC" }],
        Truncated: true,
        NextMarker: "n",
      })
      .on(ListKeyRotationsCommand, { Marker: "n" })
      .resolves({
        Rotations: [{ RotationDate: new Date("2025-01-01T00:00:00Z"), RotationType: "ON_DEMAND" }],
        Truncated: false,
      });
    expect(await reader().lastRotation("a")).toEqual({
      date: new Date("2025-01-01T00:00:00Z"),
      type: "ON_DEMAND",
    });
    kms.reset();
    kms.on(ListKeyRotationsCommand).resolves({ Rotations: [], Truncated: false });
    expect(await reader().lastRotation("a")).toBeNull();
  });

  it("lists every material of a key, pending imports included, and sets the current one apart", async () => {
    kms.on(ListKeyRotationsCommand).resolves({
      Rotations: [
        { KeyMaterialId: "m1", KeyMaterialState: "NON_CURRENT", ImportState: "IMPORTED" },
        {
          KeyMaterialId: "m2",
          KeyMaterialState: "CURRENT",
          ImportState: "IMPORTED",
          ExpirationModel: "KEY_MATERIAL_EXPIRES",
          ValidTo: new Date("2027-01-01T00:00:00Z"),
          RotationDate: new Date("2026-03-01T00:00:00Z"),
          RotationType: "ON_DEMAND",
        },
        // A state this version does not know is kept as sent, never a crash.
        { KeyMaterialId: "m3", KeyMaterialState: "PENDING_SOMETHING_NEW" as "PENDING_ROTATION" },
      ],
      Truncated: false,
    });
    const materials = await reader().keyMaterials("a");
    expect(kms.commandCalls(ListKeyRotationsCommand)[0]?.args[0].input).toMatchObject({
      KeyId: "a",
      IncludeKeyMaterial: "ALL_KEY_MATERIAL",
    });
    expect(materials.current).toMatchObject({
      id: "m2",
      validTo: new Date("2027-01-01T00:00:00Z"),
      rotationDate: new Date("2026-03-01T00:00:00Z"),
    });
    expect(materials.others.map((m) => [m.id, m.state])).toEqual([
      ["m1", "NON_CURRENT"],
      ["m3", "PENDING_SOMETHING_NEW"],
    ]);
  });

  it("refuses a material listing without exactly one current material", async () => {
    kms
      .on(ListKeyRotationsCommand)
      .resolves({ Rotations: [{ KeyMaterialId: "m1", KeyMaterialState: "NON_CURRENT" }] });
    await expect(reader().keyMaterials("a")).rejects.toBeInstanceOf(IncompleteAnswerError);
  });

  it("reads the last use, and an empty KeyLastUsage as no use since tracking began", async () => {
    const tracking = new Date("2026-04-27T00:00:00Z");
    kms
      .on(GetKeyLastUsageCommand, { KeyId: "used" })
      .resolves({
        KeyLastUsage: {
          Operation: "Decrypt",
          Timestamp: new Date("2026-05-31T22:00:00Z"),
          CloudTrailEventId: "0a1b",
          KmsRequestId: "r",
        },
        TrackingStartDate: tracking,
      })
      .on(GetKeyLastUsageCommand, { KeyId: "idle" })
      .resolves({ KeyLastUsage: {}, TrackingStartDate: tracking })
      .on(GetKeyLastUsageCommand, { KeyId: "odd" })
      .resolves({ KeyLastUsage: {} });
    expect(await reader().lastUsage("used")).toEqual({
      trackingStartDate: tracking,
      last: { at: new Date("2026-05-31T22:00:00Z"), operation: "Decrypt", cloudTrailEventId: "0a1b" },
    });
    expect(await reader().lastUsage("idle")).toEqual({ trackingStartDate: tracking, last: undefined });
    await expect(reader().lastUsage("odd")).rejects.toMatchObject({ name: "IncompleteAnswerError" });
  });

  it("refuses dates that are not dates, and keeps only strings of an untrusted answer", async () => {
    const tracking = new Date("2026-04-27T00:00:00Z");
    kms
      .on(GetKeyLastUsageCommand, { KeyId: "nan" })
      .resolves({ KeyLastUsage: { Timestamp: new Date(Number.NaN) }, TrackingStartDate: tracking })
      .on(GetKeyLastUsageCommand, { KeyId: "odd" })
      .resolves({
        KeyLastUsage: { Timestamp: tracking, Operation: 42 as never, CloudTrailEventId: {} as never },
        TrackingStartDate: tracking,
      });
    await expect(reader().lastUsage("nan")).rejects.toBeInstanceOf(IncompleteAnswerError);
    expect(await reader().lastUsage("odd")).toEqual({
      trackingStartDate: tracking,
      last: { at: tracking, operation: undefined, cloudTrailEventId: undefined },
    });
    kms.on(ListKeyRotationsCommand).resolves({
      Rotations: [{ KeyMaterialId: "m", KeyMaterialState: "CURRENT", RotationDate: new Date(Number.NaN) }],
    });
    await expect(reader().keyMaterials("a")).rejects.toBeInstanceOf(IncompleteAnswerError);
  });

  it("asks for the default key policy and reads tags", async () => {
    kms.on(GetKeyPolicyCommand).resolves({ Policy: '{"Statement":[]}' });
    kms
      .on(ListResourceTagsCommand)
      .resolves({ Tags: [{ TagKey: "team", TagValue: "payments" }], Truncated: false });
    expect(await reader().keyPolicy("a")).toBe('{"Statement":[]}');
    expect(kms.commandCalls(GetKeyPolicyCommand)[0]?.args[0].input.PolicyName).toBe("default");
    expect(await reader().tags("a")).toEqual({ team: "payments" });
  });

  it("lets other errors through for the engine to report", async () => {
    kms
      .on(GetKeyPolicyCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    await expect(reader().keyPolicy("a")).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
