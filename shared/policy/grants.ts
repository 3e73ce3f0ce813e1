/** What an Allow statement grants, principal by principal, classified by how far it reaches. */
import type { CallerScope } from "./caller-scope";
import { describeStatement, type PolicyStatement } from "./document";
import { isReadOnlyAction } from "./patterns";

export const GRANT_CLASSES = [
  "own-account",
  "trusted-account",
  "trusted-organization",
  "external-account",
  "public",
  "aws-service",
] as const;
export type GrantClass = (typeof GRANT_CLASSES)[number];

/** Whose access counts as "ours": the key's account plus what the user trusts. */
export interface TrustContext {
  account: string;
  trustedAccounts: readonly string[];
  trustedOrganizations: readonly string[];
  /**
   * The key's ARN, to judge statements whose Resource names keys. Without it such a statement
   * counts where it would reveal risk (a grant, a lockout) and not where it would hide one (a fence).
   */
  keyArn?: string;
}

/** One principal an Allow statement reaches, and how far. */
export interface Grant {
  statement: number;
  sid?: string;
  class: GrantClass;
  /** The principal as written ("*", an ARN, a service name). */
  principal: string;
  /** The account the access lands in, when one is known. */
  account?: string;
  organization?: string;
  actions: string[];
  notAction: boolean;
  /** Only Describe/Get/List actions: metadata, not use of the key. */
  readOnly: boolean;
  /** Condition keys that limited the caller. */
  pinnedBy: string[];
  explanation: string;
}

function describeActions(statement: PolicyStatement): string {
  const list = statement.actions.slice(0, 3).join(", ") + (statement.actions.length > 3 ? ", ..." : "");
  return statement.notAction ? `every action except ${list}` : list;
}

/**
 * Grants one policy lists in full. Past it, a second principal of a statement whose conditions
 * fan it out over the same accounts or organizations as an earlier one is not listed: its
 * classes and accounts are already there. Without this, 600 service principals pinned to 600
 * accounts would list 360,000 grants.
 */
const FULL_GRANTS = 1_000;

/** The grants of one policy, one statement at a time. */
export class GrantBuilder {
  readonly grants: Grant[] = [];
  private statement!: PolicyStatement;
  private seen = new Set<string>();
  private fannedOut = new Map<CallerScope, Set<string>>();
  private limits = new Map<CallerScope, string>();
  private readOnly = false;
  private actions = "";
  /** Who the statement's conditions, and the fences reaching the principal at hand, pin the caller to. */
  scope!: CallerScope;

  constructor(private readonly context: TrustContext) {}

  /** Starts a statement: grants are unique within a statement. */
  begin(statement: PolicyStatement, scope: CallerScope) {
    this.statement = statement;
    this.scope = scope;
    this.seen = new Set();
    this.fannedOut = new Map();
    this.limits = new Map();
    this.readOnly = !statement.notAction && statement.actions.every(isReadOnlyAction);
    this.actions = describeActions(statement);
  }

  private limitsOf(scope: CallerScope): string {
    let limits = this.limits.get(scope);
    if (limits === undefined) {
      limits =
        scope.pinnedBy.length > 0
          ? ` (limited by ${scope.pinnedBy.join(", ")})`
          : scope.ignored.length > 0
            ? ` (its conditions on ${scope.ignored.join(", ")} do not limit who the caller is)`
            : "";
      this.limits.set(scope, limits);
    }
    return limits;
  }

  /** True when this scope already fanned a principal of this kind out and the policy is past FULL_GRANTS. */
  private fannedOutBefore(kind: string): boolean {
    const kinds = this.fannedOut.get(this.scope) ?? new Set<string>();
    this.fannedOut.set(this.scope, kinds);
    if (kinds.has(kind)) return this.grants.length >= FULL_GRANTS;
    kinds.add(kind);
    return false;
  }

  private add(grantClass: GrantClass, principal: string, who: string, extra: Partial<Grant> = {}) {
    const key = `${grantClass}|${principal}|${extra.account ?? ""}|${extra.organization ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const { statement, scope } = this;
    this.grants.push({
      statement: statement.index,
      sid: statement.sid,
      class: grantClass,
      principal,
      actions: statement.actions,
      notAction: statement.notAction,
      readOnly: this.readOnly,
      pinnedBy: scope.pinnedBy,
      explanation: `${describeStatement(statement)} allows ${who} to call ${this.actions}${this.limitsOf(scope)}.`,
      ...extra,
    });
  }

  /** Classifies access that lands in `account`, given any organization pin. */
  account(principal: string, account: string, via?: string) {
    const { context, scope } = this;
    if (scope.accounts && !scope.accounts.has(account)) return; // conditions exclude this principal
    const prefix = via ? `${via} on behalf of ` : "";
    if (account === context.account) {
      if (via) return this.add("aws-service", principal, `${via} for this account`, { account });
      return this.add("own-account", principal, `${prefix}this account (${principal})`, { account });
    }
    if (context.trustedAccounts.includes(account)) {
      return this.add("trusted-account", principal, `${prefix}trusted account ${account}`, { account });
    }
    // Checked in place: a condition may pin many organizations, and this runs once per account.
    const pinned = scope.organizations ?? new Set<string>();
    let allTrusted = pinned.size > 0;
    for (const org of pinned) {
      if (!allTrusted) break;
      allTrusted = context.trustedOrganizations.includes(org);
    }
    if (allTrusted) {
      const orgs = [...pinned]; // no more than the trusted organizations
      return this.add(
        "trusted-organization",
        principal,
        `${prefix}account ${account} inside trusted organization ${orgs.join(", ")}`,
        {
          account,
          organization: orgs[0],
        },
      );
    }
    this.add("external-account", principal, `${prefix}external account ${account}`, { account });
  }

  external(principal: string, who: string) {
    this.add("external-account", principal, who);
  }

  /** A wildcard principal: public unless the conditions pin the caller. */
  anyone(principal: string) {
    const { context, scope } = this;
    if ((scope.accounts || scope.organizations) && this.fannedOutBefore("anyone")) return;
    if (scope.accounts) {
      for (const account of scope.accounts) this.account(principal, account);
      return;
    }
    if (scope.organizations) {
      for (const org of scope.organizations) {
        const trusted = context.trustedOrganizations.includes(org);
        this.add(
          trusted ? "trusted-organization" : "external-account",
          principal,
          `any principal in ${trusted ? "trusted" : "external"} organization ${org}`,
          {
            organization: org,
          },
        );
      }
      return;
    }
    if (scope.networks) {
      const networks = [...scope.networks].join(", ");
      return this.add(
        "own-account",
        principal,
        `any principal reaching KMS through ${networks} (a network path of this account)`,
      );
    }
    this.add("public", principal, "anyone (any AWS account, any principal)");
  }

  service(service: string) {
    if (this.scope.accounts && this.fannedOutBefore("service")) return;
    if (this.scope.accounts) {
      for (const account of this.scope.accounts) this.account(service, account, `AWS service ${service}`);
      return;
    }
    this.add("aws-service", service, `AWS service ${service}`);
  }
}
