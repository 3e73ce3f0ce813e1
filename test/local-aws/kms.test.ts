import {
  DescribeKeyCommand,
  GetKeyLastUsageCommand,
  KMSClient,
  ListKeyRotationsCommand,
  type ListKeyRotationsRequest,
} from "@aws-sdk/client-kms";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalAws, type SeedAccount, startLocalAws } from "../../local-aws";
import { sampleAccount, TEST_CREDENTIALS } from "../support/sample-account";

const NOW = new Date("2026-11-01T00:00:00Z");
const seed = sampleAccount(NOW);
const ORDERS = "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02";
const PAYMENTS = "0b7e1a52-3c4d-4e5f-8a9b-1c2d3e4f5a01";
const BYOK_ROTATED = "df6e8bad-c04c-4d7e-bb1d-5d7f9b1d3f36";
const BYOK_PENDING = "e07f9cbe-d15d-4e8f-8c2e-6e8a0c2e4a37";
const PQ_KEM = "ac3b5e7a-9d1f-4a4b-88ea-2a4c6e8a0c33";
const SIGNING = "b6c9c50d-e7f8-490a-a546-c13c4d5e6f12";

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function start(account: SeedAccount = seed) {
  aws = await startLocalAws({ seed: account, clock: () => NOW });
  return new KMSClient({
    region: seed.region,
    endpoint: aws.url,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}

const rotations = (kms: KMSClient, input: ListKeyRotationsRequest) =>
  kms.send(new ListKeyRotationsCommand(input)).then((out) => out.Rotations ?? []);

describe("local AWS endpoint: KMS key materials and last usage", () => {
  it("lists completed rotations by default, and every material with ALL_KEY_MATERIAL", async () => {
    const kms = await start();
    expect(await rotations(kms, { KeyId: PAYMENTS })).toEqual([
      expect.objectContaining({ KeyMaterialState: "CURRENT", RotationType: "AUTOMATIC" }),
    ]);
    const all = await rotations(kms, { KeyId: PAYMENTS, IncludeKeyMaterial: "ALL_KEY_MATERIAL" });
    expect(all.map((r) => r.KeyMaterialState)).toEqual(["NON_CURRENT", "CURRENT"]);
    expect(all[0]?.RotationDate).toBeUndefined();
    expect(all.every((r) => /^[a-f0-9]{64}$/.test(r.KeyMaterialId ?? ""))).toBe(true);
    // ImportState, ExpirationModel and ValidTo belong to imported keys only.
    expect(all[1]?.ImportState).toBeUndefined();
  });

  it("gives an imported key's materials, pending ones included, and DescribeKey the current one's id", async () => {
    const kms = await start();
    const all = await rotations(kms, { KeyId: BYOK_ROTATED, IncludeKeyMaterial: "ALL_KEY_MATERIAL" });
    expect(all.map((r) => [r.KeyMaterialState, r.ImportState, r.ValidTo?.toISOString()])).toEqual([
      ["NON_CURRENT", "IMPORTED", "2026-11-20T00:00:00.000Z"],
      ["CURRENT", "IMPORTED", "2027-04-20T00:00:00.000Z"],
    ]);
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: BYOK_ROTATED }));
    expect(KeyMetadata?.CurrentKeyMaterialId).toBe(all[1]?.KeyMaterialId);
    // DescribeKey's ValidTo: the earliest expiry of any material permanently associated with the key.
    expect(KeyMetadata?.ValidTo?.toISOString()).toBe("2026-11-20T00:00:00.000Z");
    const pending = await rotations(kms, { KeyId: BYOK_PENDING, IncludeKeyMaterial: "ALL_KEY_MATERIAL" });
    expect(pending.map((r) => r.KeyMaterialState)).toEqual(["CURRENT", "PENDING_ROTATION"]);
    expect(await rotations(kms, { KeyId: BYOK_PENDING })).toEqual([]);
  });

  it("refuses an IncludeKeyMaterial it does not know, and rotations of asymmetric keys", async () => {
    const kms = await start();
    await expect(
      rotations(kms, { KeyId: ORDERS, IncludeKeyMaterial: "EVERYTHING" as "ALL_KEY_MATERIAL" }),
    ).rejects.toMatchObject({ name: "ValidationException" });
    await expect(rotations(kms, { KeyId: SIGNING })).rejects.toMatchObject({
      name: "UnsupportedOperationException",
    });
  });

  it("answers GetKeyLastUsage: the last use, or an empty KeyLastUsage since the tracking start", async () => {
    const kms = await start();
    const used = await kms.send(new GetKeyLastUsageCommand({ KeyId: ORDERS }));
    expect(used.KeyLastUsage).toMatchObject({
      Operation: "Decrypt",
      Timestamp: new Date("2026-10-31T22:05:11Z"),
      CloudTrailEventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // Created before tracking began: TrackingStartDate is the start of tracking.
    expect(used.TrackingStartDate?.toISOString()).toBe("2026-04-27T00:00:00.000Z");
    const fresh = await kms.send(new GetKeyLastUsageCommand({ KeyId: PQ_KEM }));
    expect(fresh.KeyLastUsage).toEqual({});
    // Created after: its creation.
    expect(fresh.TrackingStartDate).toEqual(fresh.KeyCreationDate);
  });

  it("takes key ids and key ARNs only, as GetKeyLastUsage does", async () => {
    const kms = await start();
    await expect(kms.send(new GetKeyLastUsageCommand({ KeyId: "alias/orders" }))).rejects.toMatchObject({
      name: "NotFoundException",
    });
    await expect(
      kms.send(new GetKeyLastUsageCommand({ KeyId: `arn:aws:kms:eu-west-1:${seed.account}:alias/orders` })),
    ).rejects.toMatchObject({ name: "InvalidArnException" });
    await expect(
      kms.send(new GetKeyLastUsageCommand({ KeyId: "00000000-0000-4000-8000-000000000000" })),
    ).rejects.toMatchObject({ name: "NotFoundException" });
  });

  it("describes each key spec with its usage's algorithms, and passes a spec it does not know through", async () => {
    const specs: [string, string, Record<string, string[]>][] = [
      ["ML_DSA_44", "SIGN_VERIFY", { SigningAlgorithms: ["ML_DSA_SHAKE_256"] }],
      ["ML_KEM_1024", "ENCAPSULATE_DECAPSULATE", { EncapsulationAlgorithms: ["ML_KEM"] }],
      [
        "ECC_NIST_EDWARDS25519",
        "SIGN_VERIFY",
        { SigningAlgorithms: ["ED25519_SHA_512", "ED25519_PH_SHA_512"] },
      ],
      ["SM2", "ENCRYPT_DECRYPT", { EncryptionAlgorithms: ["SM2PKE"] }],
      ["SM2", "KEY_AGREEMENT", { KeyAgreementAlgorithms: ["ECDH"] }],
      ["HMAC_384", "GENERATE_VERIFY_MAC", { MacAlgorithms: ["HMAC_SHA_384"] }],
      ["SLH_DSA_SHA2_128S", "SIGN_VERIFY", {}],
    ];
    const keys = specs.map(([KeySpec, KeyUsage], i) => ({
      KeyId: `00000000-0000-4000-8000-00000000000${i}`,
      KeySpec,
      KeyUsage,
      CreationDate: "2026-10-01T00:00:00Z",
    }));
    const kms = await start({ ...seed, keys, certificates: [] });
    for (const [i, [spec, usage, algorithms]] of specs.entries()) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keys[i]!.KeyId }));
      expect(KeyMetadata).toMatchObject({ KeySpec: spec, KeyUsage: usage, ...algorithms });
      expect(KeyMetadata?.CurrentKeyMaterialId).toBeUndefined();
    }
  });
});
