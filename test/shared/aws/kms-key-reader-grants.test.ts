import { KMSClient, ListGrantsCommand, NotFoundException } from "@aws-sdk/client-kms";
import { beforeEach, describe, expect, it } from "vitest";
import { KmsKeyReader } from "../../../shared/aws";
import { IncompleteAnswerError, MAX_GRANTS, TooManyGrantsError } from "../../../shared/aws/kms-key-reader";
import { RepeatedPageMarkerError } from "../../../shared/aws/page-markers";
import { ResourceGoneError } from "../../../shared/inventory";
import { mockAws } from "../../support/mock-aws";

const kms = mockAws(KMSClient);
const reader = () => new KmsKeyReader(new KMSClient({ region: "eu-west-1" }));
const grantId = (n: number) => n.toString(16).padStart(64, "0");

beforeEach(() => kms.reset());

describe("KmsKeyReader.grants", () => {
  it("follows NextMarker while Truncated, 100 a page, and keeps every field of the model", async () => {
    kms
      .on(ListGrantsCommand, { Marker: undefined })
      .resolves({
        Grants: [
          {
            GrantId: grantId(1),
            Name: "",
            CreationDate: new Date("2026-10-01T00:00:00Z"),
            GranteeServicePrincipal: "logs.eu-west-1.amazonaws.com",
            RetiringServicePrincipal: "logs.eu-west-1.amazonaws.com",
            IssuingAccount: "arn:aws:iam::111122223333:root",
            Operations: ["Encrypt", "Decrypt"],
            Constraints: { SourceArn: "arn:aws:logs:eu-west-1:111122223333:log-group:app" },
          },
        ],
        Truncated: true,
        NextMarker: "m1",
      })
      .on(ListGrantsCommand, { Marker: "m1" })
      // Truncated false ends the listing even if a marker comes back.
      .resolves({
        Grants: [
          {
            GrantId: grantId(2),
            GranteePrincipal: "arn:aws:iam::999988887777:role/x",
            RetiringPrincipal: "arn:aws:iam::111122223333:root",
            Operations: ["Decrypt"],
            Constraints: { EncryptionContextSubset: { app: "orders" } },
          },
        ],
        Truncated: false,
        NextMarker: "stale",
      });
    const grants = await reader().grants("k");
    expect(grants).toEqual([
      {
        grantId: grantId(1),
        name: undefined,
        creationDate: new Date("2026-10-01T00:00:00Z"),
        granteePrincipal: undefined,
        granteeServicePrincipal: "logs.eu-west-1.amazonaws.com",
        retiringPrincipal: undefined,
        retiringServicePrincipal: "logs.eu-west-1.amazonaws.com",
        issuingAccount: "arn:aws:iam::111122223333:root",
        operations: ["Encrypt", "Decrypt"],
        constraints: { sourceArn: "arn:aws:logs:eu-west-1:111122223333:log-group:app" },
      },
      expect.objectContaining({
        grantId: grantId(2),
        granteePrincipal: "arn:aws:iam::999988887777:role/x",
        constraints: { encryptionContextSubset: { app: "orders" } },
      }),
    ]);
    expect(
      kms.commandCalls(ListGrantsCommand).map((c) => [c.args[0].input.Limit, c.args[0].input.Marker]),
    ).toEqual([
      [100, undefined],
      [100, "m1"],
    ]);
  });

  it("drops what is not a string in an untrusted answer, and refuses a grant without an id", async () => {
    kms.on(ListGrantsCommand).resolvesOnce({
      Grants: [
        {
          GrantId: grantId(3),
          Operations: ["Decrypt", 7 as unknown as "Decrypt"],
          Constraints: { EncryptionContextEquals: { a: "b", c: {} as unknown as string } },
          GranteePrincipal: 42 as unknown as string,
        },
      ],
    });
    const [grant] = await reader().grants("k");
    expect(grant).toMatchObject({
      operations: ["Decrypt"],
      constraints: { encryptionContextEquals: { a: "b" } },
    });
    expect(grant?.granteePrincipal).toBeUndefined();
    kms.on(ListGrantsCommand).resolves({ Grants: [{ Operations: ["Decrypt"] }] });
    await expect(reader().grants("k")).rejects.toBeInstanceOf(IncompleteAnswerError);
  });

  it("stops on a repeated marker, on more grants than any key holds, and on a key that is gone", async () => {
    kms.on(ListGrantsCommand).resolves({ Grants: [], Truncated: true, NextMarker: "again" });
    await expect(reader().grants("k")).rejects.toBeInstanceOf(RepeatedPageMarkerError);
    let page = 0;
    kms.on(ListGrantsCommand).callsFake(async () => ({
      Grants: Array.from({ length: 100 }, (_, i) => ({
        GrantId: grantId(page * 100 + i),
        Operations: ["Decrypt"],
      })),
      Truncated: true,
      NextMarker: `m${++page}`,
    }));
    await expect(reader().grants("k")).rejects.toBeInstanceOf(TooManyGrantsError);
    expect(page).toBe(MAX_GRANTS / 100 + 1);
    kms.on(ListGrantsCommand).rejects(new NotFoundException({ message: "gone", $metadata: {} }));
    await expect(reader().grants("k")).rejects.toBeInstanceOf(ResourceGoneError);
  });
});
