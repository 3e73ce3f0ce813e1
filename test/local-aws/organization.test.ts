import { KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  OrganizationsClient,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../local-aws";
import { TEST_CREDENTIALS } from "../support/sample-account";
import {
  AUDIT_ROLE,
  MEMBERS,
  SHARED_OU,
  sampleOrganization,
  WORKLOADS_OU,
} from "../support/sample-organization";

const now = new Date();
const { seed, organization } = sampleOrganization(now);
let aws: LocalAws;

const client = <C>(Client: new (config: object) => C, credentials = TEST_CREDENTIALS, region = "eu-west-1") =>
  new Client({ region, endpoint: aws.url, credentials, maxAttempts: 1 });

async function assume(account: string, externalId?: string): Promise<AwsCredentialIdentity> {
  const { Credentials } = await client(STSClient).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/${AUDIT_ROLE}`,
      RoleSessionName: "keysentry-test",
      ExternalId: externalId,
    }),
  );
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
}

const keyCount = async (credentials: AwsCredentialIdentity, region: string) =>
  (await client(KMSClient, credentials, region).send(new ListKeysCommand({ Limit: 1000 }))).Keys?.length;

beforeAll(async () => {
  aws = await startLocalAws({ seed, organization });
});
afterAll(() => aws.close());

describe("STS AssumeRole on the local endpoint", () => {
  it("returns credentials whose access key names the account, and serves that account's state in the signing region", async () => {
    const credentials = await assume(MEMBERS.production);
    expect(credentials.accessKeyId).toMatch(new RegExp(`^ASIA${MEMBERS.production}[0-9A-Z]{4}$`));
    expect(await keyCount(credentials, "eu-west-1")).toBe(12);
    expect(await keyCount(credentials, "us-east-1")).toBe(5);
    expect(await keyCount(credentials, "ap-south-1")).toBe(0);
    const identity = await client(STSClient, credentials).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(MEMBERS.production);
    expect(identity.Arn).toBe(`arn:aws:sts::${MEMBERS.production}:assumed-role/${AUDIT_ROLE}/keysentry-test`);
  });

  it("leaves the caller's own credentials on the caller's own account, as without an organization", async () => {
    expect(await keyCount(TEST_CREDENTIALS, "eu-west-1")).toBe(seed.keys.length);
    expect((await client(STSClient).send(new GetCallerIdentityCommand({}))).Account).toBe(seed.account);
  });

  it("denies a role that does not trust the caller, a suspended account's role, and a wrong external id", async () => {
    for (const account of [MEMBERS.sandbox, MEMBERS.closed, "999900000000"])
      await expect(assume(account)).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(assume(MEMBERS.production, "not-expected")).rejects.toMatchObject({ name: "AccessDenied" });
  });

  it("refuses a session name outside 2 to 64 of [\\w+=,.@-] and a session key it never issued", async () => {
    await expect(
      client(STSClient).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${MEMBERS.production}:role/x`,
          RoleSessionName: "a b",
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationError" });
    const forged = { accessKeyId: `ASIA${MEMBERS.production}ZZZZ`, secretAccessKey: "x", sessionToken: "y" };
    await expect(keyCount(forged, "eu-west-1")).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
  });
});

describe("Organizations on the local endpoint", () => {
  it("lists every account, 20 a page at most, with State and the older Status where it has a value", async () => {
    const pages = [];
    for await (const page of paginateListAccounts({ client: client(OrganizationsClient), pageSize: 2 }, {}))
      pages.push(page);
    expect(pages.map((p) => p.Accounts?.length)).toEqual([2, 2, 1]);
    const closed = pages.flatMap((p) => p.Accounts ?? []).find((a) => a.Id === MEMBERS.closed);
    expect(closed).toMatchObject({ State: "SUSPENDED", Status: "SUSPENDED", Name: "Closed" });
    await expect(
      client(OrganizationsClient).send(new ListAccountsCommand({ MaxResults: 21 })),
    ).rejects.toMatchObject({
      name: "ValidationException",
    });
  });

  it("walks the tree: an OU's child OUs and the accounts directly in it", async () => {
    const organizations = client(OrganizationsClient);
    const units = await organizations.send(
      new ListChildrenCommand({ ParentId: WORKLOADS_OU, ChildType: "ORGANIZATIONAL_UNIT" }),
    );
    expect(units.Children).toEqual([{ Id: SHARED_OU, Type: "ORGANIZATIONAL_UNIT" }]);
    const direct = await organizations.send(new ListAccountsForParentCommand({ ParentId: WORKLOADS_OU }));
    expect(direct.Accounts?.map((a) => a.Id)).toEqual([MEMBERS.production]);
    await expect(
      organizations.send(new ListAccountsForParentCommand({ ParentId: "ou-r00t-nowhere1" })),
    ).rejects.toMatchObject({ name: "ParentNotFoundException" });
  });

  it("answers the list calls only to the management account", async () => {
    const member = client(OrganizationsClient, await assume(MEMBERS.production));
    await expect(member.send(new ListAccountsCommand({}))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
  });

  it("keeps each member account's quota apart from the others'", async () => {
    const throttled = await startLocalAws({ seed, organization, quotas: { ListKeys: 1 } });
    try {
      const list = (credentials: AwsCredentialIdentity) =>
        new KMSClient({ region: "eu-west-1", endpoint: throttled.url, credentials, maxAttempts: 1 }).send(
          new ListKeysCommand({}),
        );
      const sts = new STSClient({
        region: "eu-west-1",
        endpoint: throttled.url,
        credentials: TEST_CREDENTIALS,
      });
      const session = async (account: string) => {
        const { Credentials: c } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${account}:role/${AUDIT_ROLE}`,
            RoleSessionName: "q1",
          }),
        );
        return {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: c!.SecretAccessKey!,
          sessionToken: c!.SessionToken!,
        };
      };
      const [production, shared] = [await session(MEMBERS.production), await session(MEMBERS.shared)];
      await list(production);
      await list(shared);
      await expect(list(production)).rejects.toMatchObject({ name: "ThrottlingException" });
      expect(throttled.calls.filter((c) => c.operation === "ListKeys").map((c) => c.account)).toEqual([
        MEMBERS.production,
        MEMBERS.shared,
        MEMBERS.production,
      ]);
    } finally {
      await throttled.close();
    }
  });
});
