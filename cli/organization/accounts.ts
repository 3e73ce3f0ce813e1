import {
  type Account,
  type OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListChildren,
} from "@aws-sdk/client-organizations";
import { checkedPages } from "../../shared/aws/page-markers";
import { printable } from "../printable";
import type { OrganizationOptions } from "./options";

/** An account to scan; the name only when Organizations listed it. */
export interface MemberAccount {
  id: string;
  name?: string;
}

/** An account listed but not scanned, and why. */
export interface SkippedAccount extends MemberAccount {
  reason: string;
}

export interface AccountSelection {
  scan: MemberAccount[];
  skipped: SkippedAccount[];
}

const ACCOUNT_ID = /^\d{12}$/;
/** Account names are at most 50 characters (Organizations API reference, Account.Name). */
const NAME_LENGTH = 50;

/** An account name as a terminal may show it: no control characters, no more than Organizations allows. */
export function printableName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return printable(name.slice(0, NAME_LENGTH));
}

/**
 * The account's lifecycle state. `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED,
 * PENDING_ACTIVATION) replaces `Status`, which the SDK model says is retired on 9 September
 * 2026; an answer without State falls back to Status. Any value, known or not, other than
 * ACTIVE means the account is not scanned (Organizations User Guide, "Monitor the state of
 * your AWS accounts": only an ACTIVE account is fully operational).
 */
export function accountState(account: Account): string {
  return String(account.State ?? account.Status ?? "UNKNOWN");
}

async function collect<P>(
  operation: string,
  pages: AsyncIterable<P>,
  marker: (page: P) => string | undefined,
  items: (page: P) => Account[] | { Id?: string }[] | undefined,
) {
  const all = [];
  // "Always check NextToken": a page may be empty while more follow (Organizations API
  // reference, ListAccounts); the paginator follows every token, checked against repetition.
  for await (const page of checkedPages(operation, pages, marker)) all.push(...(items(page) ?? []));
  return all;
}

/**
 * Every account under these roots or OUs, their nested OUs' included (ListChildren for the OUs,
 * ListAccountsForParent for the accounts of each), or the whole organization (ListAccounts).
 * Both need the management account or a delegated administrator.
 */
export async function listOrganizationAccounts(
  client: OrganizationsClient,
  units: readonly string[],
): Promise<Account[]> {
  if (units.length === 0)
    return (await collect(
      "ListAccounts",
      paginateListAccounts({ client }, {}),
      (p) => p.NextToken,
      (p) => p.Accounts,
    )) as Account[];
  const accounts: Account[] = [];
  const pending = [...units];
  const visited = new Set<string>();
  for (let parent = pending.pop(); parent !== undefined; parent = pending.pop()) {
    if (visited.has(parent)) continue;
    visited.add(parent);
    const ParentId = parent;
    accounts.push(
      ...((await collect(
        "ListAccountsForParent",
        paginateListAccountsForParent({ client }, { ParentId }),
        (p) => p.NextToken,
        (p) => p.Accounts,
      )) as Account[]),
    );
    const children = await collect(
      "ListChildren",
      paginateListChildren({ client }, { ParentId, ChildType: "ORGANIZATIONAL_UNIT" }),
      (p) => p.NextToken,
      (p) => p.Children,
    );
    for (const child of children) if (typeof child.Id === "string") pending.push(child.Id);
  }
  return accounts;
}

/**
 * The accounts to scan: those given, or the listed ones that are ACTIVE, less the excluded. A
 * listed account that is not scanned is kept with the reason, for the summary.
 */
export function selectAccounts(listed: readonly Account[], options: OrganizationOptions): AccountSelection {
  const scan: MemberAccount[] = [];
  const skipped: SkippedAccount[] = [];
  if (options.accounts) {
    for (const id of options.accounts)
      if (options.exclude.has(id)) skipped.push({ id, reason: "excluded (--exclude-accounts)" });
      else scan.push({ id });
    return { scan, skipped };
  }
  const seen = new Set<string>();
  for (const account of listed) {
    const id = String(account.Id ?? "");
    if (!ACCOUNT_ID.test(id) || seen.has(id)) continue;
    seen.add(id);
    const name = printableName(account.Name);
    const state = accountState(account);
    if (options.exclude.has(id)) skipped.push({ id, name, reason: "excluded (--exclude-accounts)" });
    else if (state !== "ACTIVE") skipped.push({ id, name, reason: `not scanned: ${printableName(state)}` });
    else scan.push({ id, name });
  }
  return { scan, skipped };
}
