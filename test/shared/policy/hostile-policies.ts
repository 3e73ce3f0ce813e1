/**
 * Key policies at KMS's size limit, for the analyser's timing tests and bench/policy.ts.
 * "Key policy document size: 32 KB (32,768 bytes)" (AWS KMS Developer Guide, Quotas).
 */

export const KEY_POLICY_MAX_BYTES = 32_768;
export const LARGE_POLICY_ACCOUNT = "111122223333";
export const LARGE_POLICY_KEY_ARN = `arn:aws:kms:eu-west-1:${LARGE_POLICY_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:ReEncrypt*"];

/**
 * Statement `i` of a large policy: short, Sid-less statements (matched by content in a diff,
 * the slow path) of every shape the analyser distinguishes. `variant` changes every statement,
 * so two variants share none.
 */
function statement(i: number, variant: string): Record<string, unknown> {
  const action = ACTIONS[i % ACTIONS.length];
  switch (i % 4) {
    case 0:
      return {
        Effect: "Allow",
        Principal: { AWS: `${LARGE_POLICY_ACCOUNT}` },
        Action: `${action}${variant}${i}`,
      };
    case 1:
      return { Effect: "Allow", Principal: "*", Action: `kms:Get${variant}${i}` };
    case 2:
      // Every other Deny is a fence (a pin on the caller), the rest deny outright.
      return i % 8 === 2
        ? {
            Effect: "Deny",
            Principal: "*",
            Action: `kms:*${variant}${i}`,
            Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
          }
        : { Effect: "Deny", Principal: "*", Action: `kms:*${variant}${i}` };
    default:
      return { Effect: "Allow", Principal: { Service: `s${variant}${i}.amazonaws.com` }, Action: action };
  }
}

/** As many statements as fit in 32 KB of compact JSON, the account root's grant first. */
export function largeKeyPolicy(variant = "a"): { text: string; statements: number } {
  const statements: Record<string, unknown>[] = [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${LARGE_POLICY_ACCOUNT}:root` }, Action: "kms:*" },
  ];
  const size = () => JSON.stringify({ Version: "2012-10-17", Statement: statements }).length;
  for (let i = 0; ; i++) {
    statements.push(statement(i, variant));
    if (size() > KEY_POLICY_MAX_BYTES) {
      statements.pop();
      break;
    }
  }
  return {
    text: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    statements: statements.length,
  };
}

const ORG = "o-a1b2c3d4e5";

/** The analysis context for these policies: the organization the fences pin to is trusted. */
export const HOSTILE_CONTEXT = {
  account: LARGE_POLICY_ACCOUNT,
  keyArn: LARGE_POLICY_KEY_ARN,
  trustedAccounts: [],
  trustedOrganizations: [ORG],
};
const rootGrant = {
  Sid: "Root",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${LARGE_POLICY_ACCOUNT}:root` },
  Action: "kms:*",
  Resource: "*",
};
const open = (action: unknown, extra: object = {}) => ({
  Effect: "Allow",
  Principal: "*",
  Action: action,
  Resource: "*",
  ...extra,
});
const deny = (action: unknown, extra: object = {}) => ({
  Effect: "Deny",
  Principal: "*",
  Action: action,
  Resource: "*",
  ...extra,
});
/** A Deny that pins everyone else to the organization: the analyser compares it with every Allow. */
const fence = (action: unknown, extra: object = {}) =>
  deny(action, { Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORG } }, ...extra });

/** The same pattern as an Allow, a fence and a plain Deny (the root lockout check). */
const everywhere = (pattern: string) => [open(pattern), fence(pattern), deny(pattern), open("kms:Decrypt")];

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export interface HostilePolicy {
  name: string;
  policy: { Version: string; Statement: object[] };
  /** The grant classes the analysis finds, the root's own-account grant included. */
  classes: string[];
}

const policy = (name: string, statements: object[], classes: string[]): HostilePolicy => ({
  name,
  policy: { Version: "2012-10-17", Statement: [rootGrant, ...statements] },
  classes,
});

/** The pattern's own Allow is fenced by the same pattern; the Allow of kms:Decrypt stays public. */
const FENCED_AND_PUBLIC = ["own-account", "trusted-organization", "public"];

/**
 * Policies written to make a wildcard matcher slow, each within KMS's 32 KB limit. A
 * backtracking RegExp took 67 s on the first one.
 */
export const HOSTILE_POLICIES: HostilePolicy[] = [
  policy("24 stars then a letter", everywhere(`kms:${"*".repeat(24)}X`), FENCED_AND_PUBLIC),
  policy("2,000 stars then a letter", everywhere(`kms:${"*".repeat(2_000)}X`), FENCED_AND_PUBLIC),
  policy(
    "a star between every character",
    everywhere(`*${[..."kms:PutKeyPolicyX".repeat(64)].join("*")}`),
    FENCED_AND_PUBLIC,
  ),
  policy("2,044 question marks", everywhere(`kms:${"?".repeat(2_044)}`), FENCED_AND_PUBLIC),
  policy("1,000 question mark and star pairs", everywhere(`kms:${"?*".repeat(1_000)}X`), FENCED_AND_PUBLIC),
  policy("a 2,048-character action", everywhere(`kms:${"a".repeat(2_044)}`), FENCED_AND_PUBLIC),
  policy(
    "a 2,048-character action under a long pattern",
    [open(`kms:${"a".repeat(2_044)}`), fence(`*${"a".repeat(1_023)}b`), fence(`kms:${"a*".repeat(1_000)}b`)],
    ["own-account", "trusted-organization"],
  ),
  policy(
    "actions at the length bound under long patterns",
    [
      open(range(40).map((i) => `kms:${"a".repeat(120)}${i}`)),
      fence(range(40).map((i) => `*${"a".repeat(60)}${i}b`)),
    ],
    ["own-account", "public"],
  ),
  policy(
    "stars in Resource",
    [
      open("kms:Decrypt", { Resource: `arn:aws:kms:${"*a".repeat(1_000)}` }),
      fence("kms:*", { Resource: `arn:${"*?".repeat(1_000)}b` }),
      deny("kms:PutKeyPolicy", { Resource: `${"*".repeat(1_000)}arn:aws:kms:eu-west-1:${"*1".repeat(500)}` }),
    ],
    ["own-account"],
  ),
  policy(
    // The fence would hold (kms:A* is last), but finding that out passes the step limit: the
    // grant stays public, the safe side.
    "1,500 actions against 1,500 fence patterns",
    [open(range(1_500).map((i) => `kms:A${i}`)), fence([...range(1_500).map((i) => `*Z${i}`), "kms:A*"])],
    ["own-account", "public"],
  ),
  policy(
    "wildcard actions against a NotAction fence of wildcards",
    [
      open(range(700).map((i) => `kms:*${i}*`)),
      fence(undefined, { Action: undefined, NotAction: range(700).map((i) => `*x${i}?*`) }),
    ],
    ["own-account", "public"],
  ),
  policy(
    "400 principals against 40 NotPrincipal fences",
    [
      {
        Effect: "Allow",
        Principal: { AWS: range(400).map((i) => `${200000000000 + i}`) },
        Action: "kms:Decrypt",
        Resource: "*",
      },
      ...range(40).map((i) => ({
        Effect: "Deny",
        NotPrincipal: { AWS: range(8).map((j) => `${300000000000 + i * 8 + j}`) },
        Action: "kms:*",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:PrincipalAccount": [`${LARGE_POLICY_ACCOUNT}`] } },
      })),
    ],
    ["own-account"],
  ),
  policy(
    "1,000 wildcard principals pinned to 1,000 accounts",
    [
      open("kms:Decrypt", {
        Principal: { AWS: range(1_000).map(() => "*") },
        Condition: { StringEquals: { "kms:CallerAccount": range(1_000).map((i) => `${200000000000 + i}`) } },
      }),
    ],
    ["own-account", "external-account"],
  ),
  policy(
    "600 service principals pinned to 600 accounts",
    [
      open("kms:Decrypt", {
        Principal: { Service: range(600).map((i) => `s${i}.amazonaws.com`) },
        Condition: { StringEquals: { "aws:SourceAccount": range(600).map((i) => `${200000000000 + i}`) } },
      }),
    ],
    ["own-account", "external-account"],
  ),
  policy(
    "1,000 accounts and 1,000 organizations pinned at once",
    [
      open("kms:Decrypt", {
        Condition: {
          StringEquals: {
            "kms:CallerAccount": range(1_000).map((i) => `${200000000000 + i}`),
            "aws:PrincipalOrgID": range(1_000).map((i) => `o-${String(i).padStart(10, "a")}`),
          },
        },
      }),
    ],
    ["own-account", "external-account"],
  ),
];
