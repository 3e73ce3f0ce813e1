import { ACMClient, AddTagsToCertificateCommand } from "@aws-sdk/client-acm";
import { KMSClient, TagResourceCommand } from "@aws-sdk/client-kms";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../../local-aws";
import { RepeatedPageMarkerError, TaggingReader } from "../../../shared/aws";
import { mockAws } from "../../support/mock-aws";
import { sampleAccount, TEST_CREDENTIALS } from "../../support/sample-account";

const NOW = new Date("2026-11-01T00:00:00Z");
const seed = sampleAccount(NOW);

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

describe("TaggingReader against the local Tagging API", () => {
  it("finds every key, certificate and private CA carrying the tag, across pages, with all their tags", async () => {
    aws = await startLocalAws({ seed, clock: () => NOW });
    const config = { region: seed.region, endpoint: aws.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    const kms = new KMSClient(config);
    const keys = seed.keys.filter((k) => (k.KeyManager ?? "CUSTOMER") === "CUSTOMER").slice(0, 3);
    for (const key of keys)
      await kms.send(
        new TagResourceCommand({
          KeyId: key.KeyId,
          Tags: [
            { TagKey: "keysentry:exempt", TagValue: "all" },
            { TagKey: "keysentry:exempt-until", TagValue: "2027-01-01" },
          ],
        }),
      );
    const certificateArn = `arn:aws:acm:${seed.region}:${seed.account}:certificate/${seed.certificates[0]!.CertificateId}`;
    await new ACMClient(config).send(
      new AddTagsToCertificateCommand({
        CertificateArn: certificateArn,
        Tags: [{ Key: "keysentry:exempt", Value: "acm-certificate-expiry" }],
      }),
    );
    const tagged = await new TaggingReader(new ResourceGroupsTaggingAPIClient(config)).taggedWith(
      "keysentry:exempt",
    );
    expect([...tagged.keys()].sort()).toEqual(
      [
        ...keys.map((k) => `arn:aws:kms:${seed.region}:${seed.account}:key/${k.KeyId}`),
        certificateArn,
        // The sample's retiring CA carries an exemption tag of its own.
        ...(seed.certificateAuthorities ?? [])
          .filter((ca) => ca.Tags?.["keysentry:exempt"])
          .map(
            (ca) =>
              `arn:aws:acm-pca:${seed.region}:${seed.account}:certificate-authority/${ca.CertificateAuthorityId}`,
          ),
      ].sort(),
    );
    expect(tagged.get(certificateArn)).toEqual({ "keysentry:exempt": "acm-certificate-expiry" });
    // The sample account's other tags (team, data-classification) do not match the filter.
    expect(aws.calls.filter((c) => c.operation === "GetResources")).toHaveLength(1);
  });

  it("answers InvalidParameterException for a page size outside 1 to 100", async () => {
    aws = await startLocalAws({ seed, clock: () => NOW });
    const client = new ResourceGroupsTaggingAPIClient({
      region: seed.region,
      endpoint: aws.url,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    await expect(client.send(new GetResourcesCommand({ ResourcesPerPage: 101 }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });
});

describe("TaggingReader paging", () => {
  it("stops on a page token it was handed before", async () => {
    const tagging = mockAws(ResourceGroupsTaggingAPIClient);
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [], PaginationToken: "again" });
    await expect(
      new TaggingReader(new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" })).taggedWith(
        "keysentry:exempt",
      ),
    ).rejects.toBeInstanceOf(RepeatedPageMarkerError);
  });
});
