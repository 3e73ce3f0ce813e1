import { describe, expect, it } from "vitest";
import { describeActor, InvalidEventError, readKmsEvent } from "../../../shared/events";
import { sample } from "../../support/event-harness";

const deployment = { account: "111122223333", region: "eu-west-1" };

describe("readKmsEvent", () => {
  it("reads the key, the actor and the facts of a CloudTrail record", () => {
    const reading = readKmsEvent(sample("kms/schedule-key-deletion.json"), deployment);
    expect(reading).toEqual({
      resources: [
        {
          resourceType: "AWS::KMS::Key",
          resourceId: "arn:aws:kms:eu-west-1:111122223333:key/50c36fa7-8192-43a4-8fe0-6b7c8d9e0f06",
          account: "111122223333",
          region: "eu-west-1",
          cause: expect.objectContaining({
            name: "ScheduleKeyDeletion",
            actor: "role Admin assumed by bob@example.com",
            actorArn: "arn:aws:iam::111122223333:role/Admin",
            facts: { requestedDeletionWindowDays: 7 },
          }),
        },
      ],
    });
  });

  it("keeps the submitted policy and the requested rotation period", () => {
    const policy = readKmsEvent(sample("kms/put-key-policy-public.json"), deployment);
    expect("resources" in policy && policy.resources[0]?.cause.facts.submittedPolicy).toContain(
      "AllowUseViaS3",
    );
    const rotation = readKmsEvent(sample("kms/enable-key-rotation.json"), deployment);
    expect("resources" in rotation && rotation.resources[0]?.cause.facts).toEqual({
      requestedRotationPeriodDays: 730,
    });
  });

  it("finds the new key of CreateKey in its response", () => {
    const event = sample("kms/create-key.json");
    (event.detail as Record<string, unknown>).resources = undefined;
    const reading = readKmsEvent(event, deployment);
    expect("resources" in reading && reading.resources[0]?.resourceId).toBe(
      "arn:aws:kms:eu-west-1:111122223333:key/1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02",
    );
  });

  it("keeps the grant a CreateGrant call made, and re-reads the key after RetireGrant and RevokeGrant", () => {
    const created = readKmsEvent(sample("kms/create-grant-external.json"), deployment);
    expect("resources" in created && created.resources[0]?.cause.facts).toEqual({
      createdGrant: {
        grantId: "3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d",
        grantee: "arn:aws:iam::777788889999:role/ContractorDeploy",
        retiring: "arn:aws:iam::777788889999:role/ContractorDeploy",
        operations: ["Decrypt", "GenerateDataKey", "CreateGrant"],
        constraints: {},
      },
    });
    // The EBS grant as a person would make it, not EC2: a service's own grant is ignored (below).
    const ebs = sample("kms/create-grant.json");
    const detail = ebs.detail as { userIdentity: Record<string, unknown> };
    const { invokedBy: _service, ...person } = detail.userIdentity;
    const service = readKmsEvent({ ...ebs, detail: { ...detail, userIdentity: person } }, deployment);
    expect("resources" in service && service.resources[0]?.cause.facts.createdGrant?.constraints).toEqual({
      encryptionContextSubset: { "aws:ebs:id": "vol-0a1b2c3d4e5f60718" },
    });
    // RetireGrant is recorded with null parameters: the key comes from the record's resources.
    for (const file of ["kms/retire-grant.json", "kms/revoke-grant.json"]) {
      const reading = readKmsEvent(sample(file), deployment);
      expect("resources" in reading && reading.resources[0]?.resourceId).toMatch(
        /^arn:aws:kms:eu-west-1:111122223333:key\//,
      );
    }
  });

  it.each([
    ["kms/create-grant.json", "to-service-principal"],
    ["kms/create-grant-ebs-attach.json", "to-reserved-session"],
    ["kms/retire-grant-by-service.json", "retired-by-service"],
  ])(
    "ignores %s, a grant an AWS service made for the account's own resources, before any read",
    (file, kind) => {
      const reading = readKmsEvent(sample(file), deployment);
      expect(reading).toEqual({
        ignored: expect.stringContaining(`for this account's own resources (${kind})`),
      });
    },
  );

  it("refuses a CreateGrant record whose constraint is larger than KMS accepts", () => {
    const event = sample("kms/create-grant.json");
    const request = (event.detail as { requestParameters: { constraints: Record<string, unknown> } })
      .requestParameters;
    request.constraints.encryptionContextSubset = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`k${i}`, "v"]),
    );
    expect(() => readKmsEvent(event, deployment)).toThrow(/encryptionContextSubset/);
  });

  it.each(["kms/tag-resource.json", "kms/untag-resource.json"])(
    "re-reads the key whose tags %s changed: exemptions act within a minute",
    (file) => {
      const reading = readKmsEvent(sample(file), deployment);
      expect(reading).toEqual({
        resources: [
          expect.objectContaining({
            resourceType: "AWS::KMS::Key",
            resourceId: "arn:aws:kms:eu-west-1:111122223333:key/4fb25e96-7081-4293-cedf-5a6b7c8d9e05",
          }),
        ],
      });
    },
  );

  it.each([
    ["kms/connect-custom-key-store.json", "cks-0fedcba0987654321", "ConnectCustomKeyStore"],
    ["kms/disconnect-custom-key-store.json", "cks-1234567890abcdef0", "DisconnectCustomKeyStore"],
    ["kms/update-custom-key-store.json", "cks-1234567890abcdef0", "UpdateCustomKeyStore"],
  ])("selects every key of the custom key store %s names, for the pipeline to find", (file, store, name) => {
    expect(readKmsEvent(sample(file), deployment)).toEqual({
      resources: [],
      selections: [
        {
          select: { resourceType: "AWS::KMS::Key", customKeyStoreId: store },
          account: "111122223333",
          region: "eu-west-1",
          cause: expect.objectContaining({ name, actor: "role Admin assumed by bob@example.com" }),
        },
      ],
    });
  });

  it("ignores a custom key store call that names no store, and refuses an id longer than KMS allows", () => {
    const event = sample("kms/connect-custom-key-store.json");
    const detail = event.detail as Record<string, unknown>;
    expect(readKmsEvent({ ...event, detail: { ...detail, requestParameters: null } }, deployment)).toEqual({
      ignored: "ConnectCustomKeyStore record names no custom key store",
    });
    const long = { ...detail, requestParameters: { customKeyStoreId: `cks-${"0".repeat(61)}` } };
    expect(() => readKmsEvent({ ...event, detail: long }, deployment)).toThrow(InvalidEventError);
  });

  it("reads native KMS events", () => {
    const reading = readKmsEvent(sample("kms/kms-cmk-rotation.json"), deployment);
    expect("resources" in reading && reading.resources[0]).toMatchObject({
      resourceId: expect.stringContaining("0b7e1a52"),
      cause: { name: "KMS CMK Rotation", actor: "AWS KMS" },
    });
  });

  it("ignores events of another region", () => {
    expect(readKmsEvent(sample("kms/disable-key.json"), { ...deployment, region: "us-east-1" })).toEqual({
      ignored: "event for region eu-west-1; this deployment reads us-east-1",
    });
  });

  it("names the bad field of an invalid event", () => {
    const event = sample("kms/schedule-key-deletion.json");
    (
      (event.detail as Record<string, unknown>).requestParameters as Record<string, unknown>
    ).pendingWindowInDays = "seven";
    expect(() => readKmsEvent(event, deployment)).toThrow(InvalidEventError);
    expect(() => readKmsEvent(event, deployment)).toThrow(
      /at detail\.requestParameters\.pendingWindowInDays/,
    );
  });
});

describe("describeActor", () => {
  it.each([
    [{ type: "IAMUser", userName: "alice", arn: "arn:aws:iam::111122223333:user/alice" }, "IAM user alice"],
    [
      {
        type: "AssumedRole",
        arn: "arn:aws:sts::111122223333:assumed-role/Admin/bob@example.com",
        sessionContext: {
          sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/Admin", userName: "Admin" },
        },
      },
      "role Admin assumed by bob@example.com",
    ],
    [{ type: "AWSService", invokedBy: "config.amazonaws.com" }, "AWS service config.amazonaws.com"],
    [
      { type: "Root", accountId: "111122223333", arn: "arn:aws:iam::111122223333:root" },
      "the root user of account 111122223333",
    ],
    [
      { type: "AWSAccount", accountId: "999988887777", invokedBy: "cloudformation.amazonaws.com" },
      "account 999988887777 via cloudformation.amazonaws.com",
    ],
    [
      { type: "FederatedUser", arn: "arn:aws:sts::111122223333:federated-user/carol" },
      "federated user carol",
    ],
  ])("%j is %s", (identity, words) => expect(describeActor(identity)).toBe(words));
});
