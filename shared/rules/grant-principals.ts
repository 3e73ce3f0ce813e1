/**
 * Who a KMS grant lets in, and how far that reaches. Grant fields are strings whoever called
 * CreateGrant wrote: each is read once, left to right, and never turned into a pattern.
 */
import type { KeyGrant, Severity } from "../model";
import { accountOf } from "../policy";
import type { Trust } from "./key-policy-grants";

export type GrantReach = "own-account" | "trusted-account" | "external-account" | "aws-service" | "unknown";

/** A grant principal and where its access lands. */
export interface PlacedPrincipal {
  principal: string;
  reach: GrantReach;
  /** The account the access lands in, when one is known. */
  account?: string;
  /** The principal is an AWS service acting for `account`. */
  service?: true;
}

/** What one grant allows, judged. */
export interface JudgedGrant {
  grant: KeyGrant;
  grantee: PlacedPrincipal;
  retiring?: PlacedPrincipal;
  /** An AWS service made the grant for itself (its own principal, or an AWS-reserved role of this account). */
  madeByService: boolean;
  /** Undefined when the grant is in order. */
  problem?: { severity: Severity; reason: string };
}

/** Service principals are dotted names under amazonaws.com (IAM User Guide, "AWS service principals"). */
const SERVICE_DOMAINS = [".amazonaws.com", ".amazonaws.com.cn"];
/** GranteeServicePrincipal's length limit (KMS API reference, ListGrants). */
const SERVICE_PRINCIPAL_MAX = 128;

export function isServicePrincipal(value: string): boolean {
  if (value.length > SERVICE_PRINCIPAL_MAX || !SERVICE_DOMAINS.some((d) => value.endsWith(d))) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum && c !== 45 && c !== 46) return false; // letters, digits, "-" and "." only
  }
  return true;
}

/**
 * IAM names cannot hold ":" (IAM User Guide, "IAM object quotas"), so an assumed-role session of a
 * role named "aws:…" (EBS's aws:ec2-infrastructure) is AWS's own, acting in this account.
 */
export function isAwsReservedSession(principal: string, account: string): boolean {
  return principal.startsWith(`arn:aws:sts::${account}:assumed-role/aws:`);
}

function place(principal: string, own: string, trust: Trust): PlacedPrincipal {
  if (isServicePrincipal(principal)) return { principal, reach: "aws-service" };
  const account = accountOf(principal);
  if (!account) return { principal, reach: "unknown" };
  if (account === own) return { principal, reach: "own-account", account };
  if (trust.trustedAccounts.includes(account)) return { principal, reach: "trusted-account", account };
  return { principal, reach: "external-account", account };
}

/** A service acting for the account `account`: this account's service use, or another account's. */
function serviceFor(
  service: string,
  account: string | undefined,
  own: string,
  trust: Trust,
): PlacedPrincipal {
  if (!account) return { principal: service, reach: "unknown", service: true };
  const placed = place(account, own, trust);
  const reach = placed.reach === "own-account" ? "aws-service" : placed.reach;
  return { principal: service, reach, account: placed.account, service: true };
}

/** Principals are at most 256 characters in KMS (API reference, GrantListEntry); longer ones are cut. */
const SHOWN = 256;
/** Operations named in a sentence; the rest are counted. */
const OPERATIONS_SHOWN = 8;

export function shown(text: string): string {
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}

export function operationsText(operations: readonly string[]): string {
  if (operations.length === 0) return "no operations";
  const more = operations.length > OPERATIONS_SHOWN ? ` (+${operations.length - OPERATIONS_SHOWN} more)` : "";
  return operations.slice(0, OPERATIONS_SHOWN).map(shown).join(", ") + more;
}

/** Grant ids are 64 hex digits; a sentence names the first 12, the evidence the whole id. */
function idText(grantId: string): string {
  return grantId.length > 12 ? `${grantId.slice(0, 12)}…` : grantId;
}

const outside = (p: PlacedPrincipal) => p.reach === "external-account" || p.reach === "unknown";

function describe(p: PlacedPrincipal): string {
  if (p.service) {
    const whose =
      p.reach === "unknown" ? "an account keysentry cannot tell" : `external account ${p.account}`;
    return `AWS service ${shown(p.principal)} acting for ${whose}`;
  }
  if (p.reach === "unknown") return `${shown(p.principal)}, a principal keysentry cannot place in an account`;
  if (p.reach === "external-account") return `${shown(p.principal)} of external account ${p.account}`;
  return shown(p.principal);
}

function grantee(
  grant: KeyGrant,
  own: string,
  trust: Trust,
): { placed: PlacedPrincipal; madeByService: boolean } {
  const issuer = grant.issuingAccount ? accountOf(grant.issuingAccount) : undefined;
  const source = grant.constraints.sourceArn ? accountOf(grant.constraints.sourceArn) : undefined;
  if (grant.granteeServicePrincipal) {
    return {
      placed: serviceFor(grant.granteeServicePrincipal, source ?? issuer, own, trust),
      madeByService: false,
    };
  }
  const principal = grant.granteePrincipal ?? "";
  // Callers may name only IAM principals as grantee (KMS Developer Guide, "Grantee principal"):
  // a service principal there is a grant the service made for itself (KMS API reference, ListGrants).
  if (isServicePrincipal(principal))
    return { placed: serviceFor(principal, source ?? issuer, own, trust), madeByService: true };
  if (isAwsReservedSession(principal, own))
    return { placed: { principal, reach: "aws-service", account: own }, madeByService: true };
  return { placed: place(principal, own, trust), madeByService: false };
}

function problemOf(judged: Omit<JudgedGrant, "problem">): JudgedGrant["problem"] {
  const { grant, grantee: who, retiring } = judged;
  const operations = operationsText(grant.operations);
  if (outside(who)) {
    if (grant.operations.includes("CreateGrant"))
      return {
        severity: "CRITICAL",
        reason: `grant ${idText(grant.grantId)} lets ${describe(who)} call ${operations}, and grant that access on to others (CreateGrant)`,
      };
    return {
      severity: "HIGH",
      reason: `grant ${idText(grant.grantId)} lets ${describe(who)} call ${operations}`,
    };
  }
  // CreateGrant with GranteeServicePrincipal requires SourceArn (KMS Developer Guide, "Grantee service
  // principal"): without it the service may use the key for any resource, whoever owns it.
  if (grant.granteeServicePrincipal && !grant.constraints.sourceArn)
    return {
      severity: "MEDIUM",
      reason: `grant ${idText(grant.grantId)} lets AWS service ${shown(grant.granteeServicePrincipal)} call ${operations} with no SourceArn constraint naming the resource it acts for`,
    };
  if (retiring && outside(retiring) && !judged.madeByService)
    return {
      severity: "LOW",
      reason: `grant ${idText(grant.grantId)} may be retired by ${describe(retiring)}, who can cut off its grantee ${shown(who.principal)}`,
    };
  return undefined;
}

/** Judges one grant on a key of account `own`. */
export function judgeGrant(grant: KeyGrant, own: string, trust: Trust): JudgedGrant {
  const { placed, madeByService } = grantee(grant, own, trust);
  const retiringPrincipal = grant.retiringServicePrincipal ?? grant.retiringPrincipal;
  const judged = {
    grant,
    grantee: placed,
    retiring: retiringPrincipal ? place(retiringPrincipal, own, trust) : undefined,
    madeByService,
  };
  return { ...judged, problem: problemOf(judged) };
}

/**
 * Grants keysentry may revoke: those whose grantee is an IAM principal of an untrusted account
 * it can name. Never a grantee of this account, an AWS service, or one it cannot place.
 */
export function revocable(judged: JudgedGrant): boolean {
  const { grantee: who } = judged;
  return (
    who.reach === "external-account" && !who.service && !judged.madeByService && who.account !== undefined
  );
}
