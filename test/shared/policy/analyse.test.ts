import { describe, expect, it } from "vitest";
import { analyseKeyPolicy, type GrantClass, parseKeyPolicy, type TrustContext } from "../../../shared/policy";

const OWN = "111122223333";
const TRUSTED = "444455556666";
const EXTERNAL = "999988887777";
const ORG = "o-a1b2c3d4e5";
const OTHER_ORG = "o-zz9yy8xx7w";

const KEY_ARN = `arn:aws:kms:eu-west-1:${OWN}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY_ARN = `arn:aws:kms:eu-west-1:${OWN}:key/0000ffff-12ab-34cd-56ef-1234567890ab`;

const context: TrustContext = {
  account: OWN,
  trustedAccounts: [TRUSTED],
  trustedOrganizations: [ORG],
  keyArn: KEY_ARN,
};

const rootStatement = {
  Sid: "Root",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${OWN}:root` },
  Action: "kms:*",
  Resource: "*",
};

type Statement = Record<string, unknown>;
const anyone = (
  condition?: Record<string, unknown>,
  action: unknown = ["kms:Decrypt", "kms:Encrypt"],
): Statement => ({
  Sid: "Under test",
  Effect: "Allow",
  Principal: "*",
  Action: action,
  Resource: "*",
  ...(condition ? { Condition: condition } : {}),
});
const principal = (p: unknown, condition?: Record<string, unknown>): Statement => ({
  Sid: "Under test",
  Effect: "Allow",
  Principal: p,
  Action: "kms:Decrypt",
  Resource: "*",
  ...(condition ? { Condition: condition } : {}),
});

interface Case {
  name: string;
  statements: Statement[];
  /** Grant classes of the statement under test (the root statement is always there and own-account). */
  classes: GrantClass[];
}

/** A Deny that pins everyone else to the trusted organization. */
const orgFence = (extra: Statement = {}): Statement => ({
  Effect: "Deny",
  Principal: "*",
  Action: "kms:*",
  Resource: "*",
  Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORG } },
  ...extra,
});

const cases: Case[] = [
  { name: "default key policy", statements: [], classes: [] },
  {
    name: "console policy with key administrators and users",
    statements: [
      {
        Sid: "Admins",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OWN}:role/KeyAdmin` },
        Action: ["kms:Create*", "kms:Describe*", "kms:Put*"],
        Resource: "*",
      },
      {
        Sid: "Users",
        Effect: "Allow",
        Principal: { AWS: [`arn:aws:iam::${OWN}:role/App`, `arn:aws:iam::${OWN}:user/alice`] },
        Action: ["kms:Encrypt", "kms:Decrypt"],
        Resource: "*",
      },
      {
        Sid: "Grants",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OWN}:role/App` },
        Action: ["kms:CreateGrant"],
        Resource: "*",
        Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
      },
    ],
    classes: ["own-account"],
  },
  { name: 'Principal "*" without condition', statements: [anyone()], classes: ["public"] },
  {
    name: 'Principal {"AWS": "*"} without condition',
    statements: [principal({ AWS: "*" })],
    classes: ["public"],
  },
  {
    name: "kms:ViaService alone does not restrict",
    statements: [anyone({ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } })],
    classes: ["public"],
  },
  {
    name: "kms:ViaService with kms:CallerAccount (AWS managed key pattern)",
    statements: [
      anyone({ StringEquals: { "kms:CallerAccount": OWN, "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }),
    ],
    classes: ["own-account"],
  },
  {
    name: "aws:PrincipalOrgID of the trusted organization",
    statements: [anyone({ StringEquals: { "aws:PrincipalOrgID": ORG } })],
    classes: ["trusted-organization"],
  },
  {
    name: "aws:PrincipalOrgID of another organization",
    statements: [anyone({ StringEquals: { "aws:PrincipalOrgID": OTHER_ORG } })],
    classes: ["external-account"],
  },
  {
    name: 'StringLike aws:PrincipalOrgID "*" matches everyone',
    statements: [anyone({ StringLike: { "aws:PrincipalOrgID": "*" } })],
    classes: ["public"],
  },
  {
    name: "StringLike with an exact organization id restricts",
    statements: [anyone({ StringLike: { "aws:PrincipalOrgID": ORG } })],
    classes: ["trusted-organization"],
  },
  {
    name: "IfExists operators do not restrict",
    statements: [anyone({ StringEqualsIfExists: { "aws:PrincipalOrgID": ORG } })],
    classes: ["public"],
  },
  {
    name: "ForAllValues: is true when the key is missing",
    statements: [anyone({ "ForAllValues:StringEquals": { "aws:PrincipalOrgID": ORG } })],
    classes: ["public"],
  },
  {
    name: "ForAnyValue: is false when the key is missing, so it restricts",
    statements: [anyone({ "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": ORG } })],
    classes: ["trusted-organization"],
  },
  {
    name: "aws:PrincipalAccount of this account",
    statements: [anyone({ StringEquals: { "aws:PrincipalAccount": OWN } })],
    classes: ["own-account"],
  },
  {
    name: "aws:PrincipalAccount of an external account",
    statements: [anyone({ StringEquals: { "aws:PrincipalAccount": EXTERNAL } })],
    classes: ["external-account"],
  },
  {
    name: "aws:PrincipalArn with a role wildcard in this account",
    statements: [anyone({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${OWN}:role/*` } })],
    classes: ["own-account"],
  },
  {
    name: "aws:PrincipalArn with a wildcard account",
    statements: [anyone({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin" } })],
    classes: ["public"],
  },
  {
    name: "organization id plus principal ARN of another member account",
    statements: [
      anyone({
        StringEquals: { "aws:PrincipalOrgID": ORG },
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${EXTERNAL}:role/Backup` },
      }),
    ],
    classes: ["trusted-organization"],
  },
  {
    name: "aws:SourceAccount of this account",
    statements: [anyone({ StringEquals: { "aws:SourceAccount": OWN } })],
    classes: ["own-account"],
  },
  {
    name: "aws:SourceArn in this account",
    statements: [anyone({ ArnEquals: { "aws:SourceArn": `arn:aws:sns:eu-west-1:${OWN}:alerts` } })],
    classes: ["own-account"],
  },
  {
    name: "aws:SourceVpce pins the network path",
    statements: [anyone({ StringEquals: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" } })],
    classes: ["own-account"],
  },
  {
    name: "aws:SourceVpce with a wildcard",
    statements: [anyone({ StringLike: { "aws:SourceVpce": "vpce-*" } })],
    classes: ["public"],
  },
  {
    name: "negated operators on an Allow do not restrict",
    statements: [anyone({ StringNotEquals: { "aws:PrincipalOrgID": OTHER_ORG } })],
    classes: ["public"],
  },
  {
    name: "Null checks do not restrict",
    statements: [anyone({ Null: { "aws:PrincipalOrgID": "false" } })],
    classes: ["public"],
  },
  {
    name: "aws:SourceIp does not identify the caller",
    statements: [anyone({ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } })],
    classes: ["public"],
  },
  {
    name: "external account root",
    statements: [principal({ AWS: `arn:aws:iam::${EXTERNAL}:root` })],
    classes: ["external-account"],
  },
  {
    name: "external account as a bare account id",
    statements: [principal({ AWS: EXTERNAL })],
    classes: ["external-account"],
  },
  {
    name: "role in a trusted account",
    statements: [principal({ AWS: `arn:aws:iam::${TRUSTED}:role/Analytics` })],
    classes: ["trusted-account"],
  },
  {
    name: "assumed-role session in an external account",
    statements: [principal({ AWS: `arn:aws:sts::${EXTERNAL}:assumed-role/Ops/bob` })],
    classes: ["external-account"],
  },
  {
    name: "external account pinned to the trusted organization",
    statements: [
      principal({ AWS: `arn:aws:iam::${EXTERNAL}:root` }, { StringEquals: { "aws:PrincipalOrgID": ORG } }),
    ],
    classes: ["trusted-organization"],
  },
  {
    name: "service principal without condition",
    statements: [principal({ Service: "logs.eu-west-1.amazonaws.com" })],
    classes: ["aws-service"],
  },
  {
    name: "service principal with aws:SourceAccount of this account",
    statements: [principal({ Service: "sns.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": OWN } })],
    classes: ["aws-service"],
  },
  {
    name: "service principal acting for an external account",
    statements: [
      principal({ Service: "sns.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": EXTERNAL } }),
    ],
    classes: ["external-account"],
  },
  {
    name: "CloudTrail with aws:SourceArn of this account's trail",
    statements: [
      principal(
        { Service: "cloudtrail.amazonaws.com" },
        { StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:eu-west-1:${OWN}:trail/org` } },
      ),
    ],
    classes: ["aws-service"],
  },
  {
    name: "NotPrincipal on an Allow grants everyone else",
    statements: [
      { Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: "kms:*", Resource: "*" },
    ],
    classes: ["public"],
  },
  {
    name: "public Allow fenced by a Deny outside the organization",
    statements: [
      anyone(),
      {
        Effect: "Deny",
        Principal: "*",
        Action: "kms:*",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORG } },
      },
    ],
    classes: ["trusted-organization"],
  },
  {
    name: "a Deny that does not cover the allowed actions does not fence",
    statements: [
      anyone(),
      {
        Effect: "Deny",
        Principal: "*",
        Action: "kms:Encrypt",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORG } },
      },
    ],
    classes: ["public"],
  },
  {
    name: "a Deny with two conditions is narrower and does not fence",
    statements: [
      anyone(),
      {
        Effect: "Deny",
        Principal: "*",
        Action: "kms:*",
        Resource: "*",
        Condition: {
          StringNotEquals: { "aws:PrincipalOrgID": ORG },
          Bool: { "aws:SecureTransport": "false" },
        },
      },
    ],
    classes: ["public"],
  },
  {
    name: "a Deny with StringNotEqualsIfExists still covers callers without the key",
    statements: [
      anyone(),
      {
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "*",
        Resource: "*",
        Condition: { StringNotEqualsIfExists: { "aws:PrincipalAccount": OWN } },
      },
    ],
    classes: ["own-account"],
  },
  {
    name: "public read-only access",
    statements: [anyone(undefined, ["kms:Describe*", "kms:GetPublicKey"])],
    classes: ["public"],
  },
  {
    name: "orphaned principal id of a deleted role grants nobody",
    statements: [principal({ AWS: "AROAEXAMPLEORPHANED01" })],
    classes: [],
  },
  {
    name: "SAML provider of this account",
    statements: [principal({ Federated: `arn:aws:iam::${OWN}:saml-provider/Okta` })],
    classes: ["own-account"],
  },
  {
    name: "web identity provider without condition",
    statements: [principal({ Federated: "cognito-identity.amazonaws.com" })],
    classes: ["public"],
  },
  {
    name: "web identity provider with an audience condition",
    statements: [
      principal(
        { Federated: "cognito-identity.amazonaws.com" },
        { StringEquals: { "cognito-identity.amazonaws.com:aud": "eu-west-1:pool" } },
      ),
    ],
    classes: ["external-account"],
  },
  {
    name: "own and external principals in one statement",
    statements: [principal({ AWS: [`arn:aws:iam::${OWN}:role/App`, `arn:aws:iam::${EXTERNAL}:role/App`] })],
    classes: ["own-account", "external-account"],
  },
  {
    name: "condition keys are case-insensitive",
    statements: [anyone({ StringEquals: { "AWS:PrincipalOrgId": ORG } })],
    classes: ["trusted-organization"],
  },
  {
    name: "kms:CallerAccount with two accounts",
    statements: [anyone({ StringEquals: { "kms:CallerAccount": [OWN, EXTERNAL] } })],
    classes: ["own-account", "external-account"],
  },
  {
    name: "pins from two conditions intersect",
    statements: [
      anyone({
        StringEquals: { "aws:PrincipalAccount": [OWN, EXTERNAL] },
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${EXTERNAL}:role/*` },
      }),
    ],
    classes: ["external-account"],
  },
  {
    name: "aws:PrincipalOrgPaths under the trusted organization",
    statements: [
      anyone({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": `${ORG}/r-ab12/ou-ab12-11111111/*` } }),
    ],
    classes: ["trusted-organization"],
  },
  {
    name: "aws:PrincipalOrgPaths with a wildcard organization",
    statements: [anyone({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "*/r-ab12/*" } })],
    classes: ["public"],
  },
  {
    name: "Allow with NotAction is as broad as the principal",
    statements: [
      {
        Sid: "Under test",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` },
        NotAction: "kms:ScheduleKeyDeletion",
        Resource: "*",
      },
    ],
    classes: ["external-account"],
  },
  {
    name: "a public Allow whose Resource is another key grants nothing on this one",
    statements: [{ ...anyone(), Resource: OTHER_KEY_ARN }],
    classes: [],
  },
  {
    name: "a public Allow whose Resource is this key's ARN",
    statements: [{ ...anyone(), Resource: KEY_ARN }],
    classes: ["public"],
  },
  {
    name: "a public Allow whose Resource pattern takes in this key",
    statements: [{ ...anyone(), Resource: [OTHER_KEY_ARN, `arn:aws:kms:*:${OWN}:key/*`] }],
    classes: ["public"],
  },
  {
    name: "Resource ARNs compare case-sensitively",
    statements: [{ ...anyone(), Resource: KEY_ARN.toUpperCase() }],
    classes: [],
  },
  {
    name: "a public Allow whose NotResource names this key grants nothing",
    statements: [{ ...anyone(), Resource: undefined, NotResource: KEY_ARN }],
    classes: [],
  },
  {
    name: "a public Allow whose NotResource names another key",
    statements: [{ ...anyone(), Resource: undefined, NotResource: OTHER_KEY_ARN }],
    classes: ["public"],
  },
  {
    name: "a public Allow without Resource",
    statements: [{ ...anyone(), Resource: undefined }],
    classes: ["public"],
  },
  {
    name: "a Deny fence on another key's ARN does not pin a public grant",
    statements: [anyone(), orgFence({ Resource: OTHER_KEY_ARN })],
    classes: ["public"],
  },
  {
    name: "a Deny fence on this key's ARN pins a public grant",
    statements: [anyone(), orgFence({ Resource: KEY_ARN })],
    classes: ["trusted-organization"],
  },
  {
    name: "a Deny fence whose NotResource names this key does not pin",
    statements: [anyone(), orgFence({ Resource: undefined, NotResource: KEY_ARN })],
    classes: ["public"],
  },
  {
    name: "a NotPrincipal Deny fence pins the external account it does not leave out",
    statements: [
      principal({ AWS: `arn:aws:iam::${EXTERNAL}:root` }),
      orgFence({ Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${OWN}:role/KeyAdmin` } }),
    ],
    classes: ["trusted-organization"],
  },
  {
    name: "a NotPrincipal Deny fence that leaves out the grant's own principal does not fence it",
    statements: [
      principal({ AWS: `arn:aws:iam::${EXTERNAL}:root` }),
      orgFence({ Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${EXTERNAL}:root` } }),
    ],
    classes: ["external-account"],
  },
  {
    name: "a NotPrincipal Deny fence that leaves out the grant's account does not fence its role",
    statements: [
      principal({ AWS: `arn:aws:iam::${EXTERNAL}:role/Reader` }),
      orgFence({ Principal: undefined, NotPrincipal: { AWS: EXTERNAL } }),
    ],
    classes: ["external-account"],
  },
  {
    name: "a NotPrincipal Deny fence does not pin a public grant (the principals it leaves out stay open)",
    statements: [
      anyone(),
      orgFence({ Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${OWN}:role/KeyAdmin` } }),
    ],
    classes: ["public"],
  },
  {
    name: "a Deny fence with NotAction of other actions pins",
    statements: [
      anyone(),
      orgFence({ Action: undefined, NotAction: ["kms:Create*", "kms:ScheduleKeyDeletion"] }),
    ],
    classes: ["trusted-organization"],
  },
  {
    name: "a Deny fence whose NotAction leaves out an allowed action does not pin",
    statements: [anyone(), orgFence({ Action: undefined, NotAction: "kms:Decrypt" })],
    classes: ["public"],
  },
  {
    name: "a Deny fence whose NotAction pattern may leave out an allowed action does not pin",
    statements: [anyone(), orgFence({ Action: undefined, NotAction: "kms:*crypt" })],
    classes: ["public"],
  },
  {
    name: "a Deny fence with wildcards on both sides covers the allowed pattern",
    statements: [anyone(undefined, "kms:GenerateDataKey*"), orgFence({ Action: "kms:*Key*" })],
    classes: ["trusted-organization"],
  },
  {
    name: "a Deny fence of kms:* holds an Allow with NotAction",
    statements: [
      { ...anyone(), Action: undefined, NotAction: "kms:ScheduleKeyDeletion" },
      orgFence({ Action: "kms:*" }),
    ],
    classes: ["trusted-organization"],
  },
  {
    name: "a Deny fence of some actions does not hold an Allow with NotAction",
    statements: [
      { ...anyone(), Action: undefined, NotAction: "kms:ScheduleKeyDeletion" },
      orgFence({ Action: ["kms:Decrypt", "kms:Encrypt"] }),
    ],
    classes: ["public"],
  },
];

describe("analyseKeyPolicy classifies every Allow", () => {
  it("covers at least 40 policies", () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)("$name", ({ statements, classes }) => {
    const document = parseKeyPolicy({ Version: "2012-10-17", Statement: [rootStatement, ...statements] });
    const analysis = analyseKeyPolicy(document, context);
    const underTest = analysis.grants.filter((g) => g.statement > 0);
    expect(new Set(underTest.map((g) => g.class))).toEqual(new Set(classes));
    expect(analysis.grants.filter((g) => g.statement === 0).map((g) => g.class)).toEqual(["own-account"]);
    for (const grant of analysis.grants)
      expect(grant.explanation).toMatch(/^Statement .+ allows .+ to call .+\.$/);
  });

  it("marks metadata-only grants as read-only", () => {
    const document = parseKeyPolicy({
      Statement: [anyone(undefined, ["kms:Describe*", "kms:GetPublicKey"])],
    });
    expect(analyseKeyPolicy(document, context).grants[0]?.readOnly).toBe(true);
    const usable = parseKeyPolicy({ Statement: [anyone(undefined, "kms:*")] });
    expect(analyseKeyPolicy(usable, context).grants[0]?.readOnly).toBe(false);
  });

  it("reports orphaned principal ids", () => {
    const document = parseKeyPolicy({ Statement: [principal({ AWS: "AROAEXAMPLEORPHANED01" })] });
    expect(analyseKeyPolicy(document, context).orphanedPrincipals).toEqual(["AROAEXAMPLEORPHANED01"]);
  });

  it("says which conditions limited the caller and which did not", () => {
    const pinned = analyseKeyPolicy(
      parseKeyPolicy({ Statement: [anyone({ StringEquals: { "aws:PrincipalOrgID": ORG } })] }),
      context,
    );
    expect(pinned.grants[0]?.explanation).toContain("limited by aws:PrincipalOrgID");
    const open = analyseKeyPolicy(
      parseKeyPolicy({
        Statement: [anyone({ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } })],
      }),
      context,
    );
    expect(open.grants[0]?.explanation).toContain(
      "its conditions on kms:ViaService do not limit who the caller is",
    );
  });
});

describe("analyseKeyPolicy checks the root lockout guard", () => {
  const root = (statements: Statement[]) =>
    analyseKeyPolicy(parseKeyPolicy({ Statement: statements }), context).rootAccess;

  it("accepts the default key policy", () => expect(root([rootStatement]).full).toBe(true));
  it("accepts the root as a bare account id", () =>
    expect(root([{ ...rootStatement, Principal: { AWS: OWN } }]).full).toBe(true));
  it("accepts Action *", () => expect(root([{ ...rootStatement, Action: "*" }]).full).toBe(true));
  it("flags a policy without the root", () => {
    const result = root([{ ...rootStatement, Principal: { AWS: `arn:aws:iam::${OWN}:role/KeyAdmin` } }]);
    expect(result).toMatchObject({ full: false, grantedBy: [], conditionalGrants: [] });
  });
  it("flags a root grant of read-only actions", () =>
    expect(root([{ ...rootStatement, Action: "kms:Describe*" }]).full).toBe(false));
  it("flags a conditional root grant", () => {
    const result = root([
      { ...rootStatement, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
    ]);
    expect(result).toMatchObject({ full: false, conditionalGrants: [0] });
  });
  it("flags a Deny of kms:PutKeyPolicy to everyone", () => {
    const result = root([
      rootStatement,
      { Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy", Resource: "*" },
    ]);
    expect(result).toMatchObject({ full: false, deniedBy: [1] });
  });
  it("flags a Deny NotAction that leaves only decryption", () => {
    const result = root([
      rootStatement,
      {
        Effect: "Deny",
        Principal: { AWS: `arn:aws:iam::${OWN}:root` },
        NotAction: "kms:Decrypt",
        Resource: "*",
      },
    ]);
    expect(result.deniedBy).toEqual([1]);
  });
  it("ignores a conditional Deny", () => {
    const result = root([
      rootStatement,
      {
        Effect: "Deny",
        Principal: "*",
        Action: "kms:PutKeyPolicy",
        Resource: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    expect(result.full).toBe(true);
  });
});

describe("analyseKeyPolicy finds every Deny that locks the root out", () => {
  const LOCKED = "the account root can no longer change the policy";
  const lockDeny = (extra: Statement): Statement => ({
    Sid: "Lock",
    Effect: "Deny",
    Principal: "*",
    Action: "kms:PutKeyPolicy",
    Resource: "*",
    ...extra,
  });
  const noPrincipal = { Principal: undefined };

  interface LockCase {
    name: string;
    deny: Statement;
    /** The explanation when the Deny locks the root out; undefined when it does not. */
    denial?: string;
    /** Analysed without the key's ARN. */
    arnUnknown?: boolean;
  }

  const lockCases: LockCase[] = [
    {
      name: "a NotPrincipal Deny on everyone but an admin role",
      deny: lockDeny({ ...noPrincipal, NotPrincipal: { AWS: `arn:aws:iam::${OWN}:role/KeyAdmin` } }),
      denial: `Statement "Lock" denies everyone except role/KeyAdmin from kms:PutKeyPolicy: ${LOCKED}`,
    },
    {
      name: "a NotPrincipal Deny without Sid, leaving out two roles",
      deny: lockDeny({
        Sid: undefined,
        ...noPrincipal,
        NotPrincipal: {
          AWS: [`arn:aws:iam::${OWN}:role/KeyAdmin`, `arn:aws:iam::${OWN}:role/path/BreakGlass`],
        },
      }),
      denial: `Statement 2 denies everyone except role/KeyAdmin, role/path/BreakGlass from kms:PutKeyPolicy: ${LOCKED}`,
    },
    {
      name: "a NotPrincipal Deny that leaves out the root",
      deny: lockDeny({
        ...noPrincipal,
        NotPrincipal: { AWS: [`arn:aws:iam::${OWN}:role/KeyAdmin`, `arn:aws:iam::${OWN}:root`] },
      }),
    },
    {
      name: "a NotPrincipal Deny that leaves out the account by its id",
      deny: lockDeny({ ...noPrincipal, NotPrincipal: { AWS: OWN } }),
    },
    {
      name: "a Deny on everyone",
      deny: lockDeny({}),
      denial: `Statement "Lock" denies the account root kms:PutKeyPolicy: ${LOCKED}`,
    },
    {
      name: "a Deny naming another principal",
      deny: lockDeny({ Principal: { AWS: `arn:aws:iam::${OWN}:role/App` } }),
    },
    {
      name: "a Deny with NotAction that does not leave out kms:PutKeyPolicy",
      deny: lockDeny({ Action: undefined, NotAction: ["kms:Decrypt", "kms:Encrypt"] }),
      denial: `Statement "Lock" denies the account root kms:PutKeyPolicy: ${LOCKED}`,
    },
    {
      name: "a Deny with NotAction listing kms:PutKeyPolicy",
      deny: lockDeny({ Action: undefined, NotAction: ["kms:Decrypt", "kms:PutKeyPolicy"] }),
    },
    {
      name: "a Deny with NotAction kms:Put*",
      deny: lockDeny({ Action: undefined, NotAction: "kms:Put*" }),
    },
    {
      name: "a Deny of kms:Put* on everyone",
      deny: lockDeny({ Action: "kms:Put*" }),
      denial: `Statement "Lock" denies the account root kms:PutKeyPolicy: ${LOCKED}`,
    },
    {
      name: "a Deny whose Resource is another key",
      deny: lockDeny({ Resource: OTHER_KEY_ARN }),
    },
    {
      name: "a Deny whose Resource is this key's ARN",
      deny: lockDeny({ Resource: KEY_ARN }),
      denial: `Statement "Lock" denies the account root kms:PutKeyPolicy: ${LOCKED}`,
    },
    {
      name: "a Deny whose NotResource names this key",
      deny: lockDeny({ Resource: undefined, NotResource: KEY_ARN }),
    },
    {
      name: "a Deny whose NotResource names another key",
      deny: lockDeny({ Resource: undefined, NotResource: OTHER_KEY_ARN }),
      denial: `Statement "Lock" denies the account root kms:PutKeyPolicy: ${LOCKED}`,
    },
    {
      name: "a Deny on another key's ARN, when the key's ARN is unknown, counts",
      deny: lockDeny({ Resource: OTHER_KEY_ARN }),
      denial: `Statement "Lock" denies the account root kms:PutKeyPolicy: ${LOCKED}`,
      arnUnknown: true,
    },
    {
      name: "a conditional NotPrincipal Deny",
      deny: lockDeny({
        ...noPrincipal,
        NotPrincipal: { AWS: `arn:aws:iam::${OWN}:role/KeyAdmin` },
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
      }),
    },
  ];

  it.each(lockCases)("$name", ({ deny, denial, arnUnknown }) => {
    const document = parseKeyPolicy({ Statement: [rootStatement, deny] });
    const { rootAccess } = analyseKeyPolicy(
      document,
      arnUnknown ? { ...context, keyArn: undefined } : context,
    );
    expect(rootAccess).toMatchObject({
      full: denial === undefined,
      grantedBy: [0],
      deniedBy: denial === undefined ? [] : [1],
      denials: denial === undefined ? [] : [denial],
    });
  });

  it("counts a root grant only on this key", () => {
    const root = (resource: string, keyArn?: string) =>
      analyseKeyPolicy(parseKeyPolicy({ Statement: [{ ...rootStatement, Resource: resource }] }), {
        ...context,
        keyArn,
      }).rootAccess;
    expect(root(OTHER_KEY_ARN, KEY_ARN)).toMatchObject({ full: false, grantedBy: [] });
    expect(root(KEY_ARN, KEY_ARN)).toMatchObject({ full: true, grantedBy: [0] });
    // Without the ARN an unsure grant must not hide a missing guard.
    expect(root(KEY_ARN)).toMatchObject({ full: false, grantedBy: [] });
    expect(root("*")).toMatchObject({ full: true, grantedBy: [0] });
  });
});
