import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  ListCertificateAuthoritiesCommand,
  ListTagsCommand,
  RestoreCertificateAuthorityCommand,
  TagCertificateAuthorityCommand,
  UpdateCertificateAuthorityCommand,
} from "@aws-sdk/client-acm-pca";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../local-aws";
import { AcmPcaAuthorityReader } from "../../shared/aws/acmpca-authority-reader";
import { TaggingReader } from "../../shared/aws/tagging-reader";
import { sampleAccount, TEST_CREDENTIALS } from "../support/sample-account";

const NOW = new Date("2026-11-01T00:00:00Z");
const seed = sampleAccount(NOW);
const ROOT = "5ca0e1d2-7b3c-4d8e-9f10-000000000001";
const PENDING = "5ca0e1d2-7b3c-4d8e-9f10-000000000008";

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function start(cas = seed.certificateAuthorities) {
  aws = await startLocalAws({ seed: { ...seed, certificateAuthorities: cas }, clock: () => NOW });
  const config = { region: seed.region, endpoint: aws.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return { pca: new ACMPCAClient(config), config, arn: (id: string) => aws!.acmpca.arnOf(id) };
}

describe("the local ACM Private CA endpoint", () => {
  it("lists at most 100 CAs a page, whatever MaxResults asks, and only this account's by default", async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({
      ...seed.certificateAuthorities![2]!,
      CertificateAuthorityId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    }));
    const { pca } = await start(many);
    const first = await pca.send(new ListCertificateAuthoritiesCommand({ MaxResults: 1000 }));
    expect(first.CertificateAuthorities).toHaveLength(100);
    const second = await pca.send(new ListCertificateAuthoritiesCommand({ NextToken: first.NextToken }));
    expect(second.CertificateAuthorities).toHaveLength(30);
    expect(second.NextToken).toBeUndefined();
    const shared = await pca.send(new ListCertificateAuthoritiesCommand({ ResourceOwner: "OTHER_ACCOUNTS" }));
    expect(shared.CertificateAuthorities).toEqual([]);
    await expect(
      pca.send(new ListCertificateAuthoritiesCommand({ NextToken: "bogus" })),
    ).rejects.toMatchObject({
      name: "InvalidNextTokenException",
    });
  });

  it("gives the reader every sample CA, ML-DSA algorithms as sent", async () => {
    const { pca } = await start();
    const listed = [];
    for await (const ca of new AcmPcaAuthorityReader(pca).listCertificateAuthorities()) listed.push(ca);
    expect(listed.map((ca) => ca.status).sort()).toEqual([
      "ACTIVE",
      "ACTIVE",
      "ACTIVE",
      "ACTIVE",
      "ACTIVE",
      "DELETED",
      "DISABLED",
      "DISABLED",
      "EXPIRED",
      "PENDING_CERTIFICATE",
    ]);
    expect(listed.find((ca) => ca.keyAlgorithm === "ML_DSA_65")?.signingAlgorithm).toBe("ML_DSA_65");
    expect(listed.find((ca) => ca.usageMode === "SHORT_LIVED_CERTIFICATE")).toBeDefined();
  });

  it("answers a malformed ARN and an unknown CA with the API's errors", async () => {
    const { pca, arn } = await start();
    await expect(
      pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: "root-ca" })),
    ).rejects.toMatchObject({ name: "InvalidArnException" });
    await expect(
      pca.send(
        new DescribeCertificateAuthorityCommand({
          CertificateAuthorityArn: arn("0000dead-0000-4000-8000-000000000000"),
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("disables and enables a CA, refuses a status it cannot take, and deletes only a disabled one", async () => {
    const { pca, arn } = await start();
    const root = arn(ROOT);
    await expect(
      pca.send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: root })),
    ).rejects.toMatchObject({ name: "InvalidStateException" });
    await expect(
      pca.send(
        new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: root, Status: "DELETED" as never }),
      ),
    ).rejects.toMatchObject({ name: "InvalidArgsException" });
    await expect(
      pca.send(
        new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn(PENDING), Status: "ACTIVE" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidStateException" });
    await pca.send(
      new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: root, Status: "DISABLED" }),
    );
    await pca.send(
      new DeleteCertificateAuthorityCommand({
        CertificateAuthorityArn: root,
        PermanentDeletionTimeInDays: 7,
      }),
    );
    const { CertificateAuthority: deleted } = await pca.send(
      new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: root }),
    );
    expect(deleted?.Status).toBe("DELETED");
    expect(deleted?.RestorableUntil?.toISOString()).toBe("2026-11-08T00:00:00.000Z");
    await pca.send(new RestoreCertificateAuthorityCommand({ CertificateAuthorityArn: root }));
    expect(aws!.acmpca.statusOf(root)).toBe("DISABLED");
  });

  it("creates a CA awaiting its certificate, and its tags reach ListTags and the Tagging API", async () => {
    const { pca, config } = await start();
    const { CertificateAuthorityArn: created } = await pca.send(
      new CreateCertificateAuthorityCommand({
        CertificateAuthorityType: "SUBORDINATE",
        CertificateAuthorityConfiguration: {
          KeyAlgorithm: "ML_DSA_87" as never,
          SigningAlgorithm: "ML_DSA_87" as never,
          Subject: { CommonName: "New CA" },
        },
        IdempotencyToken: "one",
      }),
    );
    const { CertificateAuthority } = await pca.send(
      new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: created }),
    );
    expect(CertificateAuthority).toMatchObject({
      Status: "PENDING_CERTIFICATE",
      UsageMode: "GENERAL_PURPOSE",
    });
    await pca.send(
      new TagCertificateAuthorityCommand({
        CertificateAuthorityArn: created,
        Tags: [{ Key: "keysentry:exempt", Value: "all" }],
      }),
    );
    expect((await pca.send(new ListTagsCommand({ CertificateAuthorityArn: created }))).Tags).toEqual([
      { Key: "keysentry:exempt", Value: "all" },
    ]);
    const tagged = await new TaggingReader(new ResourceGroupsTaggingAPIClient(config)).taggedWith(
      "keysentry:exempt",
    );
    expect(tagged.get(created!)).toEqual({ "keysentry:exempt": "all" });
  });
});
