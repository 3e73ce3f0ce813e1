import { describe, expect, it } from "vitest";
import { type Finding, failed, UNREAD } from "../../../shared/model";
import { EXAMPLE_ACCOUNT, exampleKey } from "../../../shared/rules";
import { kmsPolicyNoPublicAccess } from "../../../shared/rules/kms-policy-no-public-access";
import { kmsPolicyRootAccess } from "../../../shared/rules/kms-policy-root-access";
import { kmsPolicyTrustedAccounts } from "../../../shared/rules/kms-policy-trusted-accounts";
import { needs, run } from "../../support/run-rule";

const root = {
  Sid: "Root",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT}:root` },
  Action: "kms:*",
  Resource: "*",
};
const withStatements = (...statements: object[]) =>
  exampleKey({ policy: { Version: "2012-10-17", Statement: [root, ...statements] } });
const allow = (principal: unknown, action: unknown = "kms:Decrypt", condition?: object) => ({
  Sid: "Grant",
  Effect: "Allow",
  Principal: principal,
  Action: action,
  Resource: "*",
  ...(condition ? { Condition: condition } : {}),
});

describe("kms-policy-no-public-access", () => {
  const rule = kmsPolicyNoPublicAccess;

  it("is compliant for the default policy", () => expect(run(rule, exampleKey()).status).toBe("COMPLIANT"));

  it("flags a wildcard principal as CRITICAL and explains it", () => {
    const finding = run(
      rule,
      withStatements(
        allow("*", ["kms:Decrypt"], { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }),
      ),
    );
    expect(finding).toMatchObject({ status: "NON_COMPLIANT", severity: "CRITICAL" });
    expect(finding.annotation).toContain('Statement "Grant" allows anyone');
    expect(finding.evidence.grants).toEqual([
      expect.objectContaining({ statement: "Grant", class: "public", actions: ["kms:Decrypt"] }),
    ]);
  });

  it("lowers public metadata reads to HIGH", () => {
    expect(run(rule, withStatements(allow("*", "kms:DescribeKey"))).severity).toBe("HIGH");
  });

  it("is compliant when conditions pin the caller to the organization", () => {
    expect(
      run(
        rule,
        withStatements(allow("*", "kms:Decrypt", { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })),
      ).status,
    ).toBe("COMPLIANT");
  });

  it("ignores a public statement whose Resource is another key, not one naming this key", () => {
    const key = exampleKey();
    const otherKey = `arn:aws:kms:eu-west-1:${EXAMPLE_ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
    expect(run(rule, withStatements({ ...allow("*"), Resource: otherKey })).status).toBe("COMPLIANT");
    expect(run(rule, withStatements({ ...allow("*"), Resource: key.key.arn })).status).toBe("NON_COMPLIANT");
  });

  it("is not applicable to AWS-managed keys and does not read their policy", () => {
    const snapshot = { ...exampleKey({ key: { keyManager: "AWS" } }), policy: UNREAD };
    expect(needs(rule, snapshot)).toEqual([]);
    expect(run(rule, snapshot).status).toBe("NOT_APPLICABLE");
  });
});

describe("kms-policy-trusted-accounts", () => {
  const rule = kmsPolicyTrustedAccounts;
  const partner = withStatements(allow({ AWS: "arn:aws:iam::444455556666:root" }));

  it("flags an account that is not trusted", () => {
    expect(run(rule, partner)).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
      evidence: { grants: [expect.objectContaining({ account: "444455556666" })] },
    });
  });

  it("accepts trusted accounts and the trusted organization", () => {
    expect(run(rule, partner, { trustedAccounts: ["444455556666"] }).annotation).toMatch(/1 trusted grant$/);
    const orgPinned = withStatements(
      allow("*", "kms:Decrypt", { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }),
    );
    expect(run(rule, orgPinned).status).toBe("NON_COMPLIANT");
    expect(run(rule, orgPinned, { trustedOrganizationIds: ["o-a1b2c3d4e5"] }).status).toBe("COMPLIANT");
  });

  it("leaves public grants to kms-policy-no-public-access", () => {
    expect(run(rule, withStatements(allow("*"))).status).toBe("COMPLIANT");
  });

  it("validates account ids", () =>
    expect(() => rule.params.parse({ trustedAccounts: ["1234"] })).toThrow(/12 digits/));
});

describe("kms-policy-root-access", () => {
  const rule = kmsPolicyRootAccess;
  /** The annotation without the resource the engine puts in front of it. */
  const reason = (finding: Finding) => finding.annotation.slice(finding.annotation.indexOf(": ") + 2);

  it("is compliant when the root has kms:*", () => expect(run(rule, exampleKey()).status).toBe("COMPLIANT"));

  it("flags a policy that drops the root", () => {
    const snapshot = exampleKey({
      policy: { Statement: [allow({ AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/Admin` }, "kms:*")] },
    });
    expect(run(rule, snapshot)).toMatchObject({ status: "NON_COMPLIANT", severity: "HIGH" });
  });

  it("flags a Deny of PutKeyPolicy", () => {
    const finding = run(
      rule,
      withStatements({ Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy", Resource: "*" }),
    );
    expect(finding.status).toBe("NON_COMPLIANT");
    expect(reason(finding)).toBe(
      "Statement 2 denies the account root kms:PutKeyPolicy: the account root can no longer change the policy",
    );
  });

  it("flags a Deny on everyone but one admin role, and names the role", () => {
    const finding = run(
      rule,
      withStatements({
        Sid: "OnlyKeyAdmin",
        Effect: "Deny",
        NotPrincipal: { AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/KeyAdmin` },
        Action: "kms:PutKeyPolicy",
        Resource: "*",
      }),
    );
    expect(finding.status).toBe("NON_COMPLIANT");
    expect(reason(finding)).toBe(
      'Statement "OnlyKeyAdmin" denies everyone except role/KeyAdmin from kms:PutKeyPolicy: the account root can no longer change the policy',
    );
  });

  it("ignores a Deny whose Resource is another key", () => {
    const otherKey = `arn:aws:kms:eu-west-1:${EXAMPLE_ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
    const finding = run(
      rule,
      withStatements({ Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy", Resource: otherKey }),
    );
    expect(finding.status).toBe("COMPLIANT");
  });

  it("flags a conditional root grant", () => {
    const snapshot = exampleKey({
      policy: { Statement: [{ ...root, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }] },
    });
    expect(run(rule, snapshot).annotation).toMatch(/only under conditions/);
  });

  it("needs the policy of customer-managed keys", () => {
    expect(
      needs(rule, {
        ...exampleKey(),
        policy: failed({ code: "AccessDeniedException", message: "no", operation: "GetKeyPolicy" }),
      }),
    ).toEqual(["policy"]);
  });
});
