import { afterEach, describe, expect, it } from "vitest";
import {
  AcmCertificateReader,
  createAcmClient,
  createKmsClient,
  KmsKeyReader,
  RepeatedPageMarkerError,
} from "../../../shared/aws";
import {
  type Answer,
  awsError,
  awsJson,
  type BadEndpoint,
  startBadEndpoint,
} from "../../support/bad-endpoint";

const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };
const ARN = (id: string) => `arn:aws:kms:eu-west-1:111122223333:key/${id}`;
/** Before the fix these listings never end; the limit turns a hang into a failure. */
const LIMIT = { timeout: 3_000 };

let endpoint: BadEndpoint | undefined;

afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function kmsReader(script: (operation: string, nth: number) => Answer) {
  endpoint = await startBadEndpoint((call, nth) => script(call.operation, nth));
  const client = { region: "eu-west-1", endpoint: endpoint.url, credentials: CREDENTIALS, maxAttempts: 1 };
  return new KmsKeyReader(createKmsClient(client));
}

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Pages that point on A, B, then A again. */
const markers = ["A", "B", "A"];

describe("listings that hand back a marker they already gave", () => {
  it(
    "stop ListKeys with RepeatedPageMarkerError",
    async () => {
      const reader = await kmsReader((_, nth) =>
        awsJson({
          Keys: [{ KeyId: `k${nth}`, KeyArn: ARN(`k${nth}`) }],
          Truncated: true,
          NextMarker: markers[nth] ?? "A",
        }),
      );
      const error = await drain(reader.listKeys()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RepeatedPageMarkerError);
      expect(error).toMatchObject({ operation: "ListKeys", marker: "A" });
      expect(endpoint!.calls.map((c) => c.input.Marker)).toEqual([undefined, "A", "B"]);
    },
    LIMIT,
  );

  it(
    "stop ListAliases, for the region and for one key",
    async () => {
      const reader = await kmsReader(() =>
        awsJson({
          Aliases: [{ AliasName: "alias/a", TargetKeyId: "k" }],
          Truncated: true,
          NextMarker: "same",
        }),
      );
      await expect(reader.listAliases()).rejects.toMatchObject({
        name: "RepeatedPageMarkerError",
        operation: "ListAliases",
      });
      await expect(reader.aliasesOf("k")).rejects.toMatchObject({
        name: "RepeatedPageMarkerError",
        operation: "ListAliases",
      });
    },
    LIMIT,
  );

  it(
    "stop ListResourceTags and ListKeyRotations",
    async () => {
      const reader = await kmsReader(() =>
        awsJson({
          Tags: [{ TagKey: "team", TagValue: "x" }],
          Rotations: [],
          Truncated: true,
          NextMarker: "same",
        }),
      );
      await expect(reader.tags("k")).rejects.toMatchObject({ operation: "ListResourceTags" });
      await expect(reader.lastRotation("k")).rejects.toMatchObject({ operation: "ListKeyRotations" });
    },
    LIMIT,
  );

  it(
    "stop ACM SearchCertificates, which pages with NextToken",
    async () => {
      endpoint = await startBadEndpoint((_, nth) =>
        awsJson({
          Results: [{ CertificateArn: `arn:aws:acm:eu-west-1:111122223333:certificate/c${nth}` }],
          NextToken: markers[nth] ?? "A",
        }),
      );
      const acm = createAcmClient({ region: "eu-west-1", endpoint: endpoint.url, credentials: CREDENTIALS });
      const error = await drain(new AcmCertificateReader(acm).listCertificates()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RepeatedPageMarkerError);
      expect(error).toMatchObject({ operation: "SearchCertificates", marker: "A" });
      expect(endpoint.calls).toHaveLength(3);
    },
    LIMIT,
  );

  it(
    "stop ACM ListCertificates, which pages with NextToken, where SearchCertificates is unknown",
    async () => {
      endpoint = await startBadEndpoint((call, nth) =>
        call.operation === "SearchCertificates"
          ? awsError("UnknownOperationException")
          : awsJson({
              CertificateSummaryList: [
                { CertificateArn: `arn:aws:acm:eu-west-1:111122223333:certificate/c${nth}` },
              ],
              NextToken: markers[nth] ?? "A",
            }),
      );
      const acm = createAcmClient({ region: "eu-west-1", endpoint: endpoint.url, credentials: CREDENTIALS });
      const error = await drain(new AcmCertificateReader(acm).listCertificates()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RepeatedPageMarkerError);
      expect(error).toMatchObject({ operation: "ListCertificates", marker: "A" });
      expect(endpoint.calls.map((c) => c.operation)).toEqual([
        "SearchCertificates",
        "ListCertificates",
        "ListCertificates",
        "ListCertificates",
      ]);
    },
    LIMIT,
  );

  it("still follow markers that never repeat to the end", async () => {
    const reader = await kmsReader((_, nth) =>
      awsJson({
        Keys: [{ KeyId: `k${nth}`, KeyArn: ARN(`k${nth}`) }],
        Truncated: nth < 2,
        ...(nth < 2 ? { NextMarker: `m${nth}` } : {}),
      }),
    );
    expect((await drain(reader.listKeys())).map((k) => k.keyId)).toEqual(["k0", "k1", "k2"]);
  });
});
