import { type CallerScope, callerScope, denyGuardPins, mergeScope } from "./caller-scope";
import type { PolicyDocument, PolicyStatement } from "./document";
import {
  accountOf,
  globMatches,
  isAccountRoot,
  isOrphanedPrincipalId,
  isReadOnlyAction,
  patternCovers,
} from "./patterns";

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

export interface RootAccess {
  /** The account root is allowed kms:* with no condition and nothing denies it kms:PutKeyPolicy. */
  full: boolean;
  grantedBy: number[];
  /** Statements that grant the root kms:* only under conditions. */
  conditionalGrants: number[];
  deniedBy: number[];
}

export interface PolicyAnalysis {
  grants: Grant[];
  rootAccess: RootAccess;
  /** Unique ids left behind by deleted IAM users or roles: they grant nobody. */
  orphanedPrincipals: string[];
}

const WEB_IDENTITY = /^[a-z0-9.-]+\.(com|amazonaws\.com)$/i;

function describeStatement(statement: PolicyStatement): string {
  return statement.sid ? `Statement "${statement.sid}"` : `Statement ${statement.index + 1}`;
}

function describeActions(statement: PolicyStatement): string {
  const list = statement.actions.slice(0, 3).join(", ") + (statement.actions.length > 3 ? ", ..." : "");
  return statement.notAction ? `every action except ${list}` : list;
}

/** Deny statements that apply to everyone and cover every action of `allow`, turned into pins. */
function denyGuards(document: PolicyDocument, allow: PolicyStatement) {
  return document.statements.flatMap((deny) => {
    if (deny.effect !== "Deny" || deny.notPrincipal || deny.notAction) return [];
    if (!deny.principals.some((p) => p.type === "AWS" && p.value === "*")) return [];
    const covers = allow.notAction
      ? deny.actions.some((a) => a === "*" || a.toLowerCase() === "kms:*")
      : allow.actions.every((action) => deny.actions.some((guard) => patternCovers(guard, action)));
    const pins = covers ? denyGuardPins(deny.conditions) : undefined;
    return pins ? [pins] : [];
  });
}

class GrantBuilder {
  readonly grants: Grant[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly context: TrustContext,
    private readonly statement: PolicyStatement,
    private readonly scope: CallerScope,
  ) {}

  private add(grantClass: GrantClass, principal: string, who: string, extra: Partial<Grant> = {}) {
    const key = `${grantClass}|${principal}|${extra.account ?? ""}|${extra.organization ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const { statement, scope } = this;
    const limits =
      scope.pinnedBy.length > 0
        ? ` (limited by ${scope.pinnedBy.join(", ")})`
        : scope.ignored.length > 0
          ? ` (its conditions on ${scope.ignored.join(", ")} do not limit who the caller is)`
          : "";
    this.grants.push({
      statement: statement.index,
      sid: statement.sid,
      class: grantClass,
      principal,
      actions: statement.actions,
      notAction: statement.notAction,
      readOnly: !statement.notAction && statement.actions.every(isReadOnlyAction),
      pinnedBy: scope.pinnedBy,
      explanation: `${describeStatement(statement)} allows ${who} to call ${describeActions(statement)}${limits}.`,
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
    const orgs = scope.organizations ? [...scope.organizations] : [];
    if (orgs.length > 0 && orgs.every((org) => context.trustedOrganizations.includes(org))) {
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
    if (this.scope.accounts) {
      for (const account of this.scope.accounts) this.account(service, account, `AWS service ${service}`);
      return;
    }
    this.add("aws-service", service, `AWS service ${service}`);
  }
}

function grantsOf(
  document: PolicyDocument,
  statement: PolicyStatement,
  context: TrustContext,
  orphans: Set<string>,
): Grant[] {
  const scope = denyGuards(document, statement).reduce(mergeScope, callerScope(statement.conditions));
  const builder = new GrantBuilder(context, statement, scope);
  if (statement.notPrincipal) {
    builder.anyone(`everyone except ${statement.principals.map((p) => p.value).join(", ")}`);
    return builder.grants;
  }
  for (const { type, value } of statement.principals) {
    if (type === "Service") {
      builder.service(value);
    } else if (type === "AWS" && value === "*") {
      builder.anyone("*");
    } else if (type === "AWS" && isOrphanedPrincipalId(value)) {
      orphans.add(value);
    } else if (type === "Federated" && WEB_IDENTITY.test(value)) {
      // Web identity federation: any user of the identity provider unless conditions pin it.
      if (statement.conditions.length > 0) builder.external(value, `users of identity provider ${value}`);
      else builder.anyone(value);
    } else {
      const account = accountOf(value);
      if (account) builder.account(value, account);
      else builder.anyone(value);
    }
  }
  return builder.grants;
}

function rootAccess(document: PolicyDocument, account: string): RootAccess {
  const namesRoot = (s: PolicyStatement) =>
    !s.notPrincipal && s.principals.some((p) => p.type === "AWS" && isAccountRoot(p.value, account));
  const fullKms = (s: PolicyStatement) =>
    !s.notAction && s.actions.some((a) => a === "*" || a.toLowerCase() === "kms:*");
  const allows = document.statements.filter((s) => s.effect === "Allow" && namesRoot(s) && fullKms(s));
  const deniedBy = document.statements
    .filter((s) => {
      if (s.effect !== "Deny" || s.conditions.length > 0 || s.notPrincipal) return false;
      const appliesToRoot = namesRoot(s) || s.principals.some((p) => p.type === "AWS" && p.value === "*");
      const matches = s.actions.some((a) => globMatches(a, "kms:PutKeyPolicy"));
      return appliesToRoot && (s.notAction ? !matches : matches);
    })
    .map((s) => s.index);
  const grantedBy = allows.filter((s) => s.conditions.length === 0).map((s) => s.index);
  return {
    full: grantedBy.length > 0 && deniedBy.length === 0,
    grantedBy,
    conditionalGrants: allows.filter((s) => s.conditions.length > 0).map((s) => s.index),
    deniedBy,
  };
}

/** Classifies every Allow statement of a key policy and checks the root lockout guard. */
export function analyseKeyPolicy(document: PolicyDocument, context: TrustContext): PolicyAnalysis {
  const orphans = new Set<string>();
  const grants = document.statements
    .filter((statement) => statement.effect === "Allow")
    .flatMap((statement) => grantsOf(document, statement, context, orphans));
  return { grants, rootAccess: rootAccess(document, context.account), orphanedPrincipals: [...orphans] };
}
