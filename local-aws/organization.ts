/**
 * AWS Organizations as the local endpoint models it (JSON 1.1, "AWSOrganizationsV20161128.*"):
 * ListAccounts, ListChildren and ListAccountsForParent for the management account or a delegated
 * administrator, and the member accounts' own KMS, ACM and Private CA state, one per region,
 * which requests signed with an assumed role's credentials (sts.ts) are served from.
 */
import { AwsError, decodeMarker, encodeMarker, validation } from "./errors";
import type { SeedAccount } from "./seed";

/** A role the account holds and who may assume it. */
export interface SeedRole {
  RoleName: string;
  /** The account whose principals the trust policy names. */
  TrustedAccount: string;
  /** The sts:ExternalId the trust policy requires; none when absent. */
  ExternalId?: string;
}

export interface SeedMemberAccount {
  Id: string;
  Name: string;
  Email?: string;
  /** The account's State (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION); ACTIVE when absent. */
  State?: string;
  /** The root or OU the account is in; the root when absent. */
  ParentId?: string;
  /** What the account holds, one seed per region; a region without one is empty. */
  regions?: Omit<SeedAccount, "account">[];
  roles?: SeedRole[];
}

export interface SeedOrganization {
  /** o-… */
  Id: string;
  /** r-… */
  RootId: string;
  ManagementAccountId: string;
  /** Accounts besides the management account that may call the Organizations list operations. */
  DelegatedAdministrators?: string[];
  OrganizationalUnits?: { Id: string; Name: string; ParentId: string }[];
  /** Every account, the management account included. */
  Accounts: SeedMemberAccount[];
}

type Input = Record<string, unknown>;

/**
 * The older Status field holds ACTIVE, PENDING_CLOSURE and SUSPENDED only (SDK model,
 * AccountStatus), and its retirement was announced for 9 September 2026 (SDK model,
 * Account.Status): sent beside State where a State maps onto it, left out otherwise. The CLI
 * reads State, and Status only from an answer without it.
 */
const LEGACY_STATUS: Record<string, string> = {
  ACTIVE: "ACTIVE",
  PENDING_CLOSURE: "PENDING_CLOSURE",
  SUSPENDED: "SUSPENDED",
};

/** ListAccounts and ListAccountsForParent return up to 20 accounts a page, ListChildren up to 20 children. */
const PAGE = 20;

/** `S`: the states of one account in one region, which the server builds from a seed. */
export class OrganizationState<S = unknown> {
  private readonly accounts = new Map<string, SeedMemberAccount>();
  private readonly parents = new Set<string>();
  private readonly states = new Map<string, S>();

  constructor(
    private readonly seed: SeedOrganization,
    private readonly build: (seed: SeedAccount) => S,
    private readonly capturedAt: string,
  ) {
    for (const account of seed.Accounts) this.accounts.set(account.Id, account);
    this.parents.add(seed.RootId);
    for (const unit of seed.OrganizationalUnits ?? []) this.parents.add(unit.Id);
  }

  /** Whether `caller` may assume `roleName` in `account`, passing `externalId`. */
  roleTrusts(account: string, roleName: string, caller: string, externalId: string | undefined): boolean {
    const member = this.accounts.get(account);
    if (!member || (member.State ?? "ACTIVE") !== "ACTIVE") return false;
    const role = member.roles?.find((r) => r.RoleName === roleName);
    return role !== undefined && role.TrustedAccount === caller && role.ExternalId === externalId;
  }

  /** A member account's state in a region, built on first use. */
  statesOf(account: string, region: string): S {
    const key = `${account}/${region}`;
    let states = this.states.get(key);
    if (!states) {
      const seed = this.accounts.get(account)?.regions?.find((r) => r.region === region);
      states = this.build({
        capturedAt: this.capturedAt,
        keys: [],
        certificates: [],
        ...seed,
        account,
        region,
      });
      this.states.set(key, states);
    }
    return states;
  }

  /** The Organizations list calls need the management account or a delegated administrator. */
  private authorize(caller: string) {
    if (caller !== this.seed.ManagementAccountId && !this.seed.DelegatedAdministrators?.includes(caller))
      throw new AwsError("AccessDeniedException", "You don't have permissions to access this resource.");
  }

  private parent(input: Input): string {
    const id = input.ParentId;
    if (typeof id !== "string" || !this.parents.has(id))
      throw new AwsError(
        "ParentNotFoundException",
        "We can't find a root or OU with the ParentId that you specified.",
      );
    return id;
  }

  private described(account: SeedMemberAccount) {
    const state = account.State ?? "ACTIVE";
    const status = LEGACY_STATUS[state];
    return {
      Id: account.Id,
      Arn: `arn:aws:organizations::${this.seed.ManagementAccountId}:account/${this.seed.Id}/${account.Id}`,
      Email: account.Email ?? `aws+${account.Id}@example.com`,
      Name: account.Name,
      State: state,
      ...(status ? { Status: status } : {}),
      JoinedMethod: account.Id === this.seed.ManagementAccountId ? "CREATED" : "INVITED",
      JoinedTimestamp: new Date(this.capturedAt).getTime() / 1000,
    };
  }

  private page<T>(items: T[], input: Input): { page: T[]; NextToken?: string } {
    const max = input.MaxResults === undefined ? PAGE : Number(input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > PAGE)
      throw validation(`MaxResults must be between 1 and ${PAGE}`);
    const start = decodeMarker(input.NextToken, "InvalidInputException");
    const page = items.slice(start, start + max);
    return start + max < items.length ? { page, NextToken: encodeMarker(start + max) } : { page };
  }

  private accountsUnder(parent: string): SeedMemberAccount[] {
    return this.seed.Accounts.filter((a) => (a.ParentId ?? this.seed.RootId) === parent);
  }

  ListAccounts(input: Input, caller: string) {
    this.authorize(caller);
    const { page, NextToken } = this.page(this.seed.Accounts, input);
    return { Accounts: page.map((a) => this.described(a)), ...(NextToken ? { NextToken } : {}) };
  }

  ListAccountsForParent(input: Input, caller: string) {
    this.authorize(caller);
    const { page, NextToken } = this.page(this.accountsUnder(this.parent(input)), input);
    return { Accounts: page.map((a) => this.described(a)), ...(NextToken ? { NextToken } : {}) };
  }

  ListChildren(input: Input, caller: string) {
    this.authorize(caller);
    const parent = this.parent(input);
    const children =
      input.ChildType === "ACCOUNT"
        ? this.accountsUnder(parent).map((a) => ({ Id: a.Id, Type: "ACCOUNT" }))
        : input.ChildType === "ORGANIZATIONAL_UNIT"
          ? (this.seed.OrganizationalUnits ?? [])
              .filter((u) => u.ParentId === parent)
              .map((u) => ({ Id: u.Id, Type: "ORGANIZATIONAL_UNIT" }))
          : undefined;
    if (!children)
      throw new AwsError("InvalidInputException", "ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT");
    const { page, NextToken } = this.page(children, input);
    return { Children: page, ...(NextToken ? { NextToken } : {}) };
  }
}
