import { REGION_WIDE, readOnlyPolicy } from "../../shared/engine";
import type { AnyRule } from "../../shared/rules";
import { organizationOptions } from "./options";

/** The Organizations calls that list the accounts; none can be scoped to a resource narrower than "*" for ListAccounts. */
export const ORGANIZATION_LIST_ACTIONS = [
  "organizations:ListAccounts",
  "organizations:ListAccountsForParent",
  "organizations:ListChildren",
];

/**
 * The identity policy of whoever runs `scan --organization`: list the accounts, assume the audit
 * role (by name, in any account), and read its own account with its own credentials, since the
 * management account holds no role of the StackSet's.
 */
export function organizationCallerPolicy(rules: readonly AnyRule[], roleName?: string) {
  const role = organizationOptions({ "role-name": roleName }).roleName;
  // An organization scan lists every region; it never reads a resource by name.
  const read = readOnlyPolicy(rules, REGION_WIDE);
  return {
    Version: read.Version,
    Statement: [
      { Sid: "KeysentryListOrganization", Effect: "Allow", Action: ORGANIZATION_LIST_ACTIONS, Resource: "*" },
      {
        Sid: "KeysentryAssumeAuditRole",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: `arn:aws:iam::*:role/${role}`,
      },
      ...read.Statement,
    ],
  };
}
