import {
  ACMClient,
  type CertificateFilterStatement,
  DescribeCertificateCommand,
  ExportCertificateCommand,
  ListCertificatesCommand,
  type ListCertificatesCommandInput,
  SearchCertificatesCommand,
} from "@aws-sdk/client-acm";
import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-kms";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type LocalAws, type LocalAwsOptions, startLocalAws } from "../../local-aws";
import { ALL_KEY_PAIR_ORIGINS, ALL_KEY_TYPES } from "../../shared/aws";
import { sampleAccount, TEST_CREDENTIALS } from "../support/sample-account";

const NOW = new Date("2026-03-10T12:00:00Z");
const seed = sampleAccount(NOW);
const ORDERS = "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02";
const LEGACY_DISABLED = "4fb25e96-7081-4293-cedf-5a6b7c8d9e05";
const SIGNING = "b6c9c50d-e7f8-490a-a546-c13c4d5e6f12";
const ACCOUNT = seed.account;

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function start(options: Partial<LocalAwsOptions> = {}) {
  aws = await startLocalAws({ seed, clock: () => NOW, ...options });
  const config = { region: seed.region, endpoint: aws.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return { kms: new KMSClient(config), acm: new ACMClient(config), aws };
}

describe("local AWS endpoint: KMS", () => {
  it("pages ListKeys with opaque markers and rejects a bad marker", async () => {
    const { kms } = await start();
    const ids: string[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListKeysCommand({ Limit: 7, Marker: marker }));
      ids.push(...(page.Keys ?? []).map((k) => k.KeyId!));
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    expect(ids).toHaveLength(seed.keys.length);
    await expect(kms.send(new ListKeysCommand({ Marker: "bogus" }))).rejects.toMatchObject({
      name: "InvalidMarkerException",
    });
    await expect(kms.send(new ListKeysCommand({ Limit: 5000 }))).rejects.toMatchObject({
      name: "ValidationException",
    });
  });

  it("finds keys by id, key ARN, alias name and alias ARN", async () => {
    const { kms } = await start();
    for (const KeyId of [
      ORDERS,
      `arn:aws:kms:${seed.region}:${ACCOUNT}:key/${ORDERS}`,
      "alias/orders",
      `arn:aws:kms:${seed.region}:${ACCOUNT}:alias/orders`,
    ]) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
      expect(KeyMetadata?.KeyId).toBe(ORDERS);
    }
    await expect(kms.send(new DescribeKeyCommand({ KeyId: "alias/missing" }))).rejects.toMatchObject({
      name: "NotFoundException",
    });
  });

  it("answers UnsupportedOperationException for rotation of asymmetric keys", async () => {
    const { kms } = await start();
    await expect(kms.send(new GetKeyRotationStatusCommand({ KeyId: SIGNING }))).rejects.toMatchObject({
      name: "UnsupportedOperationException",
    });
  });

  it("enables rotation with a period inside 90..2560 and schedules the next rotation", async () => {
    const { kms } = await start();
    await expect(
      kms.send(new EnableKeyRotationCommand({ KeyId: ORDERS, RotationPeriodInDays: 30 })),
    ).rejects.toMatchObject({ name: "ValidationException" });
    await kms.send(new EnableKeyRotationCommand({ KeyId: ORDERS, RotationPeriodInDays: 180 }));
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: ORDERS }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
    expect(status.NextRotationDate?.toISOString()).toBe(
      new Date(NOW.getTime() + 180 * 86_400_000).toISOString(),
    );
    await expect(kms.send(new EnableKeyRotationCommand({ KeyId: LEGACY_DISABLED }))).rejects.toMatchObject({
      name: "DisabledException",
    });
  });

  it("leaves a key Disabled after CancelKeyDeletion, as KMS does", async () => {
    const { kms } = await start();
    const scheduled = await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: ORDERS, PendingWindowInDays: 7 }),
    );
    expect(scheduled.KeyState).toBe("PendingDeletion");
    await expect(kms.send(new EnableKeyCommand({ KeyId: ORDERS }))).rejects.toMatchObject({
      name: "KMSInvalidStateException",
    });
    await kms.send(new CancelKeyDeletionCommand({ KeyId: ORDERS }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: ORDERS }))).KeyMetadata?.KeyState).toBe(
      "Disabled",
    );
    await kms.send(new EnableKeyCommand({ KeyId: ORDERS }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: ORDERS }))).KeyMetadata?.KeyState).toBe("Enabled");
    await expect(kms.send(new CancelKeyDeletionCommand({ KeyId: ORDERS }))).rejects.toMatchObject({
      name: "KMSInvalidStateException",
    });
    await expect(
      kms.send(new ScheduleKeyDeletionCommand({ KeyId: ORDERS, PendingWindowInDays: 3 })),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });

  it("stores policies and tags", async () => {
    const { kms } = await start();
    await expect(
      kms.send(new PutKeyPolicyCommand({ KeyId: ORDERS, PolicyName: "default", Policy: "{" })),
    ).rejects.toMatchObject({
      name: "MalformedPolicyDocumentException",
    });
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    await kms.send(new PutKeyPolicyCommand({ KeyId: ORDERS, PolicyName: "default", Policy: policy }));
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: ORDERS, PolicyName: "default" }))).Policy).toBe(
      policy,
    );
    await kms.send(
      new TagResourceCommand({
        KeyId: ORDERS,
        Tags: [{ TagKey: "keysentry:exempt", TagValue: "kms-rotation-enabled" }],
      }),
    );
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: ORDERS }))).Tags).toEqual([
      { TagKey: "keysentry:exempt", TagValue: "kms-rotation-enabled" },
    ]);
    await kms.send(new UntagResourceCommand({ KeyId: ORDERS, TagKeys: ["keysentry:exempt"] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: ORDERS }))).Tags ?? []).toEqual([]);
  });

  it("refuses to change AWS-managed keys", async () => {
    const { kms } = await start();
    await expect(kms.send(new EnableKeyCommand({ KeyId: "alias/aws/s3" }))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
  });
});

describe("local AWS endpoint: ACM", () => {
  it("filters ListCertificates by default as documented: RSA_1024 and RSA_2048 only, and no ACME certificates", async () => {
    const { acm } = await start();
    const list = async (input: ListCertificatesCommandInput) =>
      (await acm.send(new ListCertificatesCommand(input))).CertificateSummaryList ?? [];
    const byDefault = await list({});
    expect(byDefault.every((c) => ["RSA_1024", "RSA_2048"].includes(c.KeyAlgorithm!))).toBe(true);
    expect(byDefault.some((c) => c.CertificateKeyPairOrigin === "ACME")).toBe(false);
    // Each include alone still leaves certificates out: a listing that drops either misses some.
    const acme = seed.certificates.filter((c) => c.CertificateKeyPairOrigin === "ACME");
    const otherKeys = seed.certificates.filter((c) => !["RSA_1024", "RSA_2048"].includes(c.KeyAlgorithm));
    expect(acme.some((c) => c.KeyAlgorithm === "RSA_2048")).toBe(true);
    expect(await list({ Includes: { keyTypes: ALL_KEY_TYPES } })).toHaveLength(
      seed.certificates.length - acme.length,
    );
    expect(await list({ CertificateKeyPairOrigins: ALL_KEY_PAIR_ORIGINS })).toHaveLength(
      seed.certificates.length - otherKeys.length,
    );
    const all = await list({
      Includes: { keyTypes: ALL_KEY_TYPES },
      CertificateKeyPairOrigins: ALL_KEY_PAIR_ORIGINS,
    });
    expect(all).toHaveLength(seed.certificates.length);
    expect(all.find((c) => c.DomainName === "vpn.example.com")).toMatchObject({
      ExportOption: "ENABLED",
      Exported: true,
      CertificateKeyPairOrigin: "AWS_MANAGED",
      IssuedAt: expect.any(Date),
    });
    expect(
      (await list({ Includes: { keyTypes: ALL_KEY_TYPES, exportOption: "ENABLED" } }))
        .map((c) => c.Type)
        .every((type) => type === "AMAZON_ISSUED" || type === "PRIVATE"),
    ).toBe(true);
    const expired = await acm.send(
      new ListCertificatesCommand({ CertificateStatuses: ["EXPIRED"], Includes: { keyTypes: ["RSA_2048"] } }),
    );
    expect(expired.CertificateSummaryList?.map((c) => c.DomainName).sort()).toEqual([
      "partner-sso.example.com",
      "promo.example.com",
    ]);
  });

  it("pages with NextToken", async () => {
    const { acm } = await start();
    const first = await acm.send(
      new ListCertificatesCommand({ MaxItems: 5, Includes: { keyTypes: ["RSA_2048"] } }),
    );
    expect(first.CertificateSummaryList).toHaveLength(5);
    const second = await acm.send(
      new ListCertificatesCommand({
        MaxItems: 5,
        NextToken: first.NextToken,
        Includes: { keyTypes: ["RSA_2048"] },
      }),
    );
    expect(second.CertificateSummaryList?.[0]?.CertificateArn).not.toBe(
      first.CertificateSummaryList?.[0]?.CertificateArn,
    );
  });

  it("searches every certificate without a filter, in pages of MaxResults, and by filter statements", async () => {
    const { acm } = await start();
    const arns: string[] = [];
    let token: string | undefined;
    do {
      const page = await acm.send(new SearchCertificatesCommand({ MaxResults: 4, NextToken: token }));
      expect((page.Results ?? []).length).toBeLessThanOrEqual(4);
      arns.push(...(page.Results ?? []).map((r) => r.CertificateArn!));
      token = page.NextToken;
    } while (token);
    expect(new Set(arns).size).toBe(seed.certificates.length);

    const search = async (FilterStatement: CertificateFilterStatement) =>
      (
        (await acm.send(new SearchCertificatesCommand({ FilterStatement, MaxResults: 500 }))).Results ?? []
      ).map((r) => r.X509Attributes?.Subject?.CommonName);
    const vpn = `arn:aws:acm:${seed.region}:${ACCOUNT}:certificate/b2f61e12-8c3d-4e4f-a051-6b7c8d9e0f22`;
    expect(await search({ Filter: { CertificateArn: vpn } })).toEqual(["vpn.example.com"]);
    const exported: CertificateFilterStatement = {
      Filter: { AcmCertificateMetadataFilter: { Exported: true } },
    };
    expect((await search(exported)).sort()).toEqual(["gateway.onprem.example.com", "vpn.example.com"]);
    const onprem: CertificateFilterStatement = {
      Filter: {
        X509AttributeFilter: {
          SubjectAlternativeName: { DnsName: { Value: "onprem", ComparisonOperator: "CONTAINS" } },
        },
      },
    };
    expect(await search({ And: [exported, { Not: onprem }] })).toEqual(["vpn.example.com"]);
    expect(
      (
        await search({ Filter: { AcmCertificateMetadataFilter: { CertificateKeyPairOrigin: "ACME" } } })
      ).sort(),
    ).toEqual(["build.example.com", "k8s-ingress.example.com"]);
    const expiring: CertificateFilterStatement = {
      Filter: { X509AttributeFilter: { NotAfter: { End: new Date(seed.capturedAt) } } },
    };
    expect(await search({ Or: [expiring, { Filter: { CertificateArn: vpn } }] })).toContain(
      "vpn.example.com",
    );

    const [result] =
      (
        await acm.send(
          new SearchCertificatesCommand({ FilterStatement: { Filter: { CertificateArn: vpn } } }),
        )
      ).Results ?? [];
    expect(result?.CertificateMetadata?.AcmCertificateMetadata).toMatchObject({
      Type: "AMAZON_ISSUED",
      Status: "ISSUED",
      ExportOption: "ENABLED",
      Exported: true,
      CertificateKeyPairOrigin: "AWS_MANAGED",
      RenewalEligibility: "ELIGIBLE",
    });
  });

  it("answers a search it cannot read with ValidationException", async () => {
    const { acm } = await start();
    for (const input of [
      { MaxResults: 501 },
      { NextToken: "bogus" },
      { SortBy: "COLOUR" as "CREATED_AT" },
      { FilterStatement: { And: [] } },
      {
        FilterStatement: { Filter: { AcmCertificateMetadataFilter: { Status: "ISSUED", Type: "IMPORTED" } } },
      },
      { FilterStatement: { Filter: { X509AttributeFilter: { SerialNumber: "01" } } } },
    ])
      await expect(acm.send(new SearchCertificatesCommand(input as never))).rejects.toMatchObject({
        name: "ValidationException",
      });
  });

  it("exports a certificate whose export is enabled, remembers it, and refuses the others as the API reference says", async () => {
    const { acm } = await start();
    const arn = (id: string) => `arn:aws:acm:${seed.region}:${ACCOUNT}:certificate/${id}`;
    const downloads = arn("a1e50d01-7b2c-4d3e-9f40-5a6b7c8d9e21");
    const passphrase = new TextEncoder().encode("correct horse");
    const exportOf = (CertificateArn: string, Passphrase = passphrase) =>
      acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase }));
    await expect(exportOf("not-an-arn")).rejects.toMatchObject({ name: "InvalidArnException" });
    await expect(exportOf(downloads, new TextEncoder().encode("abc"))).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(exportOf(downloads, new TextEncoder().encode("pa$$word"))).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(exportOf(arn("00000000-0000-0000-0000-000000000000"))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    // new-shop.example.com is still pending validation; www.example.com was requested without export;
    // build.example.com's key is the ACME client's; vendor-portal.example.com was imported.
    await expect(exportOf(arn("f5e758da-1639-44ab-57c8-d34e5f6a7b13"))).rejects.toMatchObject({
      name: "RequestInProgressException",
    });
    for (const id of [
      "3f2b9c1e-5a7d-4e8f-9b0c-1d2e3f4a5b01",
      "d4183034-ae5f-4061-8273-8d9e0f1a2b24",
      "a0920385-c1e4-4f56-0273-8e9f0a1b2c08",
    ])
      await expect(exportOf(arn(id))).rejects.toMatchObject({ name: "ValidationException" });

    const exported = await exportOf(downloads);
    expect(exported.PrivateKey).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(exported.Certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const [after] =
      (
        await acm.send(
          new SearchCertificatesCommand({ FilterStatement: { Filter: { CertificateArn: downloads } } }),
        )
      ).Results ?? [];
    expect(after?.CertificateMetadata?.AcmCertificateMetadata).toMatchObject({
      Exported: true,
      RenewalEligibility: "ELIGIBLE",
    });
    const { Certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn: downloads }));
    expect(Certificate).toMatchObject({
      Options: { Export: "ENABLED" },
      CertificateKeyPairOrigin: "AWS_MANAGED",
    });
  });

  it("answers InvalidArnException and ResourceNotFoundException like ACM", async () => {
    const { acm } = await start();
    await expect(
      acm.send(new DescribeCertificateCommand({ CertificateArn: "not-an-arn" })),
    ).rejects.toMatchObject({ name: "InvalidArnException" });
    await expect(
      acm.send(
        new DescribeCertificateCommand({
          CertificateArn: `arn:aws:acm:${seed.region}:${ACCOUNT}:certificate/00000000-0000-0000-0000-000000000000`,
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe("local AWS endpoint: quotas, faults and the call log", () => {
  it("throttles an operation beyond its requests per second", async () => {
    const { acm, aws } = await start({ quotas: { ListCertificates: 8 } });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => acm.send(new ListCertificatesCommand({}))),
    );
    const throttled = results.filter(
      (r) => r.status === "rejected" && (r.reason as Error).name === "ThrottlingException",
    );
    expect(throttled.length).toBeGreaterThanOrEqual(10);
    expect(aws.calls.filter((c) => c.errorCode === "ThrottlingException")).toHaveLength(throttled.length);
  });

  it("injects errors a set number of times, and latency", async () => {
    const { kms, aws } = await start({
      faults: [
        { operation: "DescribeKey", error: { code: "KMSInternalException", status: 500 }, times: 1 },
        { operation: "ListKeys", latencyMs: 150 },
      ],
    });
    await expect(kms.send(new DescribeKeyCommand({ KeyId: ORDERS }))).rejects.toMatchObject({
      name: "KMSInternalException",
      $metadata: { httpStatusCode: 500 },
    });
    await expect(kms.send(new DescribeKeyCommand({ KeyId: ORDERS }))).resolves.toBeDefined();
    const started = performance.now();
    await kms.send(new ListKeysCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(aws.calls.map((c) => [c.operation, c.status])).toEqual([
      ["DescribeKey", 500],
      ["DescribeKey", 200],
      ["ListKeys", 200],
    ]);
  });

  it("sends no Date header, so a client on another clock sees no skew and retries no refusal", async () => {
    const { aws } = await start({
      faults: [{ operation: "DescribeKey", error: { code: "AccessDeniedException" } }],
    });
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    try {
      const kms = new KMSClient({
        region: seed.region,
        endpoint: aws.url,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 3,
      });
      await expect(kms.send(new DescribeKeyCommand({ KeyId: ORDERS }))).rejects.toMatchObject({
        name: "AccessDeniedException",
      });
    } finally {
      vi.useRealTimers();
    }
    expect(aws.calls.filter((c) => c.operation === "DescribeKey")).toHaveLength(1);
    const response = await fetch(aws.url, { method: "POST", body: "{}" });
    expect(response.headers.get("date")).toBeNull();
  });

  it("rejects unsigned requests", async () => {
    const { aws } = await start();
    const response = await fetch(aws.url, {
      method: "POST",
      headers: { "x-amz-target": "TrentService.ListKeys" },
      body: "{}",
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: "MissingAuthenticationTokenException" });
  });
});
