import {
  CreateGrantCommand,
  InvalidGrantIdException,
  InvalidMarkerException,
  KMSClient,
  ListGrantsCommand,
  NotFoundException,
  RetireGrantCommand,
  RevokeGrantCommand,
} from "@aws-sdk/client-kms";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalAws, type SeedAccount, startLocalAws } from "../../local-aws";
import { sampleAccount, TEST_CREDENTIALS } from "../support/sample-account";

const NOW = new Date("2026-11-01T00:00:00Z");
const KEY = "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02";
const SIGNING = "b6c9c50d-e7f8-490a-a546-c13c4d5e6f12";
const base = sampleAccount(NOW);
const ROLE = (n: number) => `arn:aws:iam::444455556666:role/reader-${n}`;

/** The sample account with 120 grants on one key, for paging and filters. */
const seed: SeedAccount = {
  ...base,
  keys: base.keys.map((k) =>
    k.KeyId === KEY
      ? {
          ...k,
          Grants: Array.from({ length: 120 }, (_, i) => ({
            GranteePrincipal: ROLE(i % 3),
            Operations: ["Decrypt"],
          })),
        }
      : k,
  ),
};

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function start() {
  aws = await startLocalAws({ seed, clock: () => NOW });
  return new KMSClient({
    region: seed.region,
    endpoint: aws.url,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}

describe("local AWS endpoint: KMS grants", () => {
  it("lists 50 grants a page by default, up to 100, with Truncated and NextMarker", async () => {
    const kms = await start();
    const first = await kms.send(new ListGrantsCommand({ KeyId: KEY }));
    expect(first).toMatchObject({ Truncated: true });
    expect(first.Grants).toHaveLength(50);
    const second = await kms.send(
      new ListGrantsCommand({ KeyId: KEY, Limit: 100, Marker: first.NextMarker }),
    );
    expect(second.Grants).toHaveLength(70);
    expect(second.Truncated).toBe(false);
    expect(second.NextMarker).toBeUndefined();
    expect(first.Grants![0]).toMatchObject({
      KeyId: `arn:aws:kms:eu-west-1:111122223333:key/${KEY}`,
      GrantId: expect.stringMatching(/^[0-9a-f]{64}$/),
      IssuingAccount: "arn:aws:iam::111122223333:root",
      Operations: ["Decrypt"],
    });
    await expect(kms.send(new ListGrantsCommand({ KeyId: KEY, Limit: 101 }))).rejects.toThrow(
      /between 1 and 100/,
    );
    await expect(kms.send(new ListGrantsCommand({ KeyId: KEY, Marker: "nonsense" }))).rejects.toBeInstanceOf(
      InvalidMarkerException,
    );
  });

  it("filters by GrantId and GranteePrincipal; a GranteeServicePrincipal filter is for service principals only", async () => {
    const kms = await start();
    const byGrantee = await kms.send(
      new ListGrantsCommand({ KeyId: KEY, GranteePrincipal: ROLE(1), Limit: 100 }),
    );
    expect(byGrantee.Grants).toHaveLength(40);
    const one = byGrantee.Grants![0]!.GrantId!;
    const byId = await kms.send(new ListGrantsCommand({ KeyId: KEY, GrantId: one }));
    expect(byId.Grants?.map((g) => g.GrantId)).toEqual([one]);
    await expect(
      kms.send(
        new ListGrantsCommand({ KeyId: KEY, GranteeServicePrincipal: "logs.eu-west-1.amazonaws.com" }),
      ),
    ).rejects.toThrow(/service principals/);
    await expect(
      kms.send(new ListGrantsCommand({ KeyId: "00000000-0000-0000-0000-000000000000" })),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it("creates grants as CreateGrant defines them, a named retry giving the same id", async () => {
    const kms = await start();
    const request = {
      KeyId: KEY,
      GranteePrincipal: "arn:aws:iam::999988887777:role/x",
      Operations: ["Decrypt" as const],
      Name: "once",
    };
    const made = await kms.send(new CreateGrantCommand(request));
    expect(made.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(made.GrantToken).toBeTruthy();
    expect((await kms.send(new CreateGrantCommand(request))).GrantId).toBe(made.GrantId);
    const listed = await kms.send(new ListGrantsCommand({ KeyId: KEY, GrantId: made.GrantId }));
    expect(listed.Grants?.[0]).toMatchObject({ Name: "once", CreationDate: NOW });
    // A grantee service principal needs SourceArn and a retiring principal; one grantee field, not two.
    await expect(
      kms.send(
        new CreateGrantCommand({
          KeyId: KEY,
          GranteeServicePrincipal: "logs.eu-west-1.amazonaws.com",
          Operations: ["Encrypt"],
        }),
      ),
    ).rejects.toThrow(/SourceArn/);
    await expect(
      kms.send(
        new CreateGrantCommand({
          KeyId: KEY,
          GranteePrincipal: ROLE(1),
          GranteeServicePrincipal: "logs.eu-west-1.amazonaws.com",
          Operations: ["Encrypt"],
        }),
      ),
    ).rejects.toThrow(/not both/);
    await expect(
      kms.send(
        new CreateGrantCommand({
          KeyId: KEY,
          GranteePrincipal: ROLE(1),
          Operations: ["ScheduleKeyDeletion" as "Decrypt"],
        }),
      ),
    ).rejects.toThrow(/enum/);
    await expect(
      kms.send(
        new CreateGrantCommand({
          KeyId: SIGNING,
          GranteePrincipal: ROLE(1),
          Operations: ["Sign"],
          Constraints: { EncryptionContextSubset: { a: "b" } },
        }),
      ),
    ).rejects.toThrow(/not valid for/);
    const service = await kms.send(
      new CreateGrantCommand({
        KeyId: KEY,
        GranteeServicePrincipal: "logs.eu-west-1.amazonaws.com",
        RetiringServicePrincipal: "logs.eu-west-1.amazonaws.com",
        Operations: ["Encrypt", "Decrypt"],
        Constraints: { SourceArn: "arn:aws:logs:eu-west-1:111122223333:log-group:app" },
      }),
    );
    const [entry] =
      (await kms.send(new ListGrantsCommand({ KeyId: KEY, GrantId: service.GrantId }))).Grants ?? [];
    expect(entry).toMatchObject({
      GranteeServicePrincipal: "logs.eu-west-1.amazonaws.com",
      Constraints: { SourceArn: expect.any(String) },
    });
    expect(entry?.GranteePrincipal).toBeUndefined();
  });

  it("retires by token or by key ARN and grant id, revokes by key and grant id, and says what is not there", async () => {
    const kms = await start();
    const arn = `arn:aws:kms:eu-west-1:111122223333:key/${KEY}`;
    const a = await kms.send(
      new CreateGrantCommand({ KeyId: KEY, GranteePrincipal: ROLE(7), Operations: ["Decrypt"] }),
    );
    const b = await kms.send(
      new CreateGrantCommand({ KeyId: KEY, GranteePrincipal: ROLE(8), Operations: ["Decrypt"] }),
    );
    const c = await kms.send(
      new CreateGrantCommand({ KeyId: KEY, GranteePrincipal: ROLE(9), Operations: ["Decrypt"] }),
    );
    await kms.send(new RetireGrantCommand({ GrantToken: a.GrantToken }));
    await kms.send(new RetireGrantCommand({ KeyId: arn, GrantId: b.GrantId }));
    await kms.send(new RevokeGrantCommand({ KeyId: KEY, GrantId: c.GrantId! }));
    const left = await kms.send(new ListGrantsCommand({ KeyId: KEY, Limit: 100, Marker: undefined }));
    const ids = new Set(left.Grants?.map((g) => g.GrantId));
    for (const gone of [a, b, c]) expect(ids.has(gone.GrantId)).toBe(false);
    await expect(
      kms.send(new RevokeGrantCommand({ KeyId: KEY, GrantId: c.GrantId! })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(kms.send(new RevokeGrantCommand({ KeyId: KEY, GrantId: "" }))).rejects.toBeInstanceOf(
      InvalidGrantIdException,
    );
    expect(aws!.countCalls()).toMatchObject({ CreateGrant: 3, RetireGrant: 2, RevokeGrant: 3 });
  });
});
