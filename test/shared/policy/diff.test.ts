import { describe, expect, it } from "vitest";
import { diffKeyPolicies, parseKeyPolicy, type TrustContext } from "../../../shared/policy";

const context: TrustContext = { account: "111122223333", trustedAccounts: [], trustedOrganizations: [] };
const root = {
  Sid: "Root",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action: "kms:*",
  Resource: "*",
};
const users = {
  Sid: "Users",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:role/App" },
  Action: ["kms:Encrypt", "kms:Decrypt"],
  Resource: "*",
};

describe("diffKeyPolicies", () => {
  it("finds nothing when only the order of statements and actions changed", () => {
    const before = parseKeyPolicy({ Statement: [root, users] });
    const after = parseKeyPolicy({ Statement: [{ ...users, Action: ["kms:Decrypt", "kms:Encrypt"] }, root] });
    expect(diffKeyPolicies(before, after, context)).toEqual({
      added: [],
      removed: [],
      changed: [],
      appearedClasses: [],
      disappearedClasses: [],
    });
  });

  it("reports an added public statement and the class that appeared", () => {
    const before = parseKeyPolicy({ Statement: [root] });
    const after = parseKeyPolicy({
      Statement: [
        root,
        { Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
      ],
    });
    const diff = diffKeyPolicies(before, after, context);
    expect(diff.added.map((s) => s.sid)).toEqual(["Open"]);
    expect(diff.appearedClasses).toEqual(["public"]);
  });

  it("matches statements by Sid and reports what changed", () => {
    const before = parseKeyPolicy({ Statement: [root, users] });
    const after = parseKeyPolicy({
      Statement: [root, { ...users, Principal: { AWS: "arn:aws:iam::999988887777:root" } }],
    });
    const diff = diffKeyPolicies(before, after, context);
    expect(diff.changed.map((c) => c.after.sid)).toEqual(["Users"]);
    expect(diff.appearedClasses).toEqual(["external-account"]);
    expect(diff.disappearedClasses).toEqual([]);
  });

  it("matches statements without Sid by content and reports removals", () => {
    const noSid = {
      Effect: "Allow",
      Principal: { Service: "logs.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
    };
    const diff = diffKeyPolicies(
      parseKeyPolicy({ Statement: [root, noSid] }),
      parseKeyPolicy({ Statement: [root] }),
      context,
    );
    expect(diff.removed).toHaveLength(1);
    expect(diff.disappearedClasses).toEqual(["aws-service"]);
  });

  it("matches a statement whose Sid changed by its content, and equal statements in order", () => {
    const open = { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" };
    const before = parseKeyPolicy({ Statement: [root, { ...users, Sid: "Old" }, open, open] });
    const after = parseKeyPolicy({ Statement: [open, { ...users, Sid: "New" }, root] });
    const diff = diffKeyPolicies(before, after, context);
    expect(diff).toMatchObject({ added: [], changed: [] });
    expect(diff.removed.map((s) => s.index)).toEqual([3]);
  });
});
