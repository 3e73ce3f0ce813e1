import { describe, expect, it } from "vitest";
import { KeyPolicyParseError, parseKeyPolicy } from "../../../shared/policy";

describe("parseKeyPolicy", () => {
  it("accepts a single Statement object and normalises strings to lists", () => {
    const document = parseKeyPolicy(
      JSON.stringify({
        Version: "2012-10-17",
        Statement: { Sid: "One", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
      }),
    );
    expect(document.statements).toHaveLength(1);
    expect(document.statements[0]).toMatchObject({
      sid: "One",
      principals: [{ type: "AWS", value: "*" }],
      actions: ["kms:Decrypt"],
      notAction: false,
    });
  });

  it("reads set qualifiers and IfExists from condition operators", () => {
    const [statement] = parseKeyPolicy({
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "kms:*",
          Resource: "*",
          Condition: {
            "ForAnyValue:StringEqualsIfExists": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"] },
            Bool: { "kms:GrantIsForAWSResource": true },
          },
        },
      ],
    }).statements;
    expect(statement?.conditions).toEqual([
      expect.objectContaining({
        base: "StringEquals",
        set: "ForAnyValue",
        ifExists: true,
        key: "aws:PrincipalOrgPaths",
        values: ["o-a1b2c3d4e5/*"],
      }),
      expect.objectContaining({ base: "Bool", set: undefined, ifExists: false, values: ["true"] }),
    ]);
  });

  it("reads Resource and NotResource, and leaves them undefined when absent", () => {
    const arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const [withResource, withNotResource, without] = parseKeyPolicy({
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: arn },
        { Effect: "Deny", Principal: "*", Action: "kms:*", NotResource: [arn, "*"] },
        { Effect: "Allow", Principal: "*", Action: "kms:*" },
      ],
    }).statements;
    expect(withResource).toMatchObject({ resources: [arn], notResource: false });
    expect(withNotResource).toMatchObject({ resources: [arn, "*"], notResource: true });
    expect(without).toMatchObject({ resources: undefined, notResource: false });
  });

  it.each([
    ["not JSON", "{", "$"],
    ["no Statement", { Version: "2012-10-17" }, "$.Statement"],
    [
      "a bad Effect",
      { Statement: [{ Effect: "Maybe", Principal: "*", Action: "kms:*" }] },
      "Statement[0].Effect",
    ],
    ["no principal", { Statement: [{ Effect: "Allow", Action: "kms:*" }] }, "Statement[0]"],
    [
      "an unknown principal type",
      { Statement: [{ Effect: "Allow", Principal: { Group: "x" }, Action: "kms:*" }] },
      "Statement[0].Principal.Group",
    ],
    [
      "Action and NotAction together",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: "a", NotAction: "b" }] },
      "Statement[0]",
    ],
    [
      "Resource and NotResource together",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: "a", Resource: "*", NotResource: "*" }] },
      "Statement[0]",
    ],
    [
      "a non-string resource",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: "a", Resource: [{}] }] },
      "Statement[0].Resource[0]",
    ],
    [
      "a non-string action",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: [{}] }] },
      "Statement[0].Action[0]",
    ],
  ])("rejects %s with the path of the problem", (_name, input, path) => {
    try {
      parseKeyPolicy(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeyPolicyParseError);
      expect((error as KeyPolicyParseError).path).toBe(path);
    }
  });
});
