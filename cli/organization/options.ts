import { UsageError } from "../usage-error";

/** What `scan --organization` scans, and how. */
export interface OrganizationOptions {
  roleName: string;
  externalId?: string;
  /** The accounts to scan, as given; the organization's active accounts when absent. */
  accounts?: string[];
  /** Roots or OUs whose accounts (their child OUs' included) are scanned. */
  units: string[];
  exclude: Set<string>;
  /** Accounts scanned at once. */
  concurrency: number;
}

export const DEFAULT_ROLE_NAME = "keysentry-audit";
const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 64;

/** IAM role names: 1 to 64 of [\w+=,.@-] (IAM User Guide, "IAM and AWS STS quotas"). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** External ids: 2 to 1,224 of [\w+=,.@:/-] (same page). */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ACCOUNT_ID = /^\d{12}$/;
/** A root "r-" and 4–32 of [a-z0-9]; an OU "ou-", the same, "-" and 8–32 more (SDK model, ListChildren ParentId). */
const PARENT_ID = /^(?:r-[a-z0-9]{4,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})$/;

/** A comma-separated list of account ids, each checked. */
function accountList(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError(`${flag} names no account ("${value}")`);
  for (const id of ids)
    if (!ACCOUNT_ID.test(id)) throw new UsageError(`${flag}: "${id}" is not an AWS account id (12 digits)`);
  return [...new Set(ids)];
}

export interface OrganizationFlags {
  "role-name"?: string;
  "external-id"?: string;
  accounts?: string;
  ou?: string[];
  "exclude-accounts"?: string;
  concurrency?: string;
}

/** The organization flags, each checked before any call is made. */
export function organizationOptions(flags: OrganizationFlags): OrganizationOptions {
  const roleName = flags["role-name"] ?? DEFAULT_ROLE_NAME;
  if (!ROLE_NAME.test(roleName))
    throw new UsageError(
      `--role-name "${roleName}" is not an IAM role name (1 to 64 of letters, digits and +=,.@_-)`,
    );
  const externalId = flags["external-id"];
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId))
    throw new UsageError("--external-id must be 2 to 1224 of letters, digits and +=,.@:/_-");
  const units = (flags.ou ?? []).flatMap((ou) => ou.split(",").map((id) => id.trim()));
  for (const unit of units)
    if (!PARENT_ID.test(unit))
      throw new UsageError(`--ou "${unit}" is not an OU id (ou-xxxx-yyyyyyyy) or a root id (r-xxxx)`);
  const accounts = accountList("--accounts", flags.accounts);
  if (accounts && units.length > 0)
    throw new UsageError("--accounts and --ou both choose the accounts: give one");
  const concurrency = Number(flags.concurrency ?? DEFAULT_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  return {
    roleName,
    externalId,
    accounts,
    units,
    exclude: new Set(accountList("--exclude-accounts", flags["exclude-accounts"]) ?? []),
    concurrency,
  };
}
