import { facetValue, type GrantConstraints, type KeySnapshot, severityRank } from "../model";
import * as z from "../zod";
import { EXAMPLE_NOW, exampleKey } from "./examples";
import { type JudgedGrant, judgeGrant, operationsText, shown } from "./grant-principals";
import { accountId, organizationId } from "./ids";
import { awsManagedReason } from "./key-scope";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

const params = z.strictObject({
  /** Accounts whose principals may hold grants on the keys. */
  trustedAccounts: z._default(z.array(accountId()), []),
  /**
   * The trusted organizations. A grant names an account, never an organization, so their accounts
   * are trusted only when listed in trustedAccounts; findings on them say so.
   */
  trustedOrganizationIds: z._default(z.array(organizationId()), []),
});
type Params = z.infer<typeof params>;

/** Grants named in a finding's evidence; past it, a count. A key may hold 50,000 grants (KMS resource quotas). */
const EVIDENCE_GRANTS = 10;

/** Pairs of an encryption-context constraint shown; the rest are counted. */
const CONTEXT_PAIRS = 3;

/** The constraints in words, bounded whatever the grant holds. */
export function describeConstraints(constraints: GrantConstraints): string {
  const parts: string[] = [];
  const context = (label: string, pairs: Record<string, string> | undefined) => {
    if (!pairs) return;
    const keys = Object.keys(pairs);
    const first = keys.slice(0, CONTEXT_PAIRS).map((k) => shown(`${k}=${pairs[k]}`));
    const more = keys.length > CONTEXT_PAIRS ? ` +${keys.length - CONTEXT_PAIRS}` : "";
    parts.push(`${label} {${first.join(", ")}${more}}`);
  };
  context("encryption context includes", constraints.encryptionContextSubset);
  context("encryption context equals", constraints.encryptionContextEquals);
  if (constraints.sourceArn) parts.push(`SourceArn ${shown(constraints.sourceArn)}`);
  return parts.length > 0 ? parts.join("; ") : "none";
}

function grantEvidence(judged: JudgedGrant) {
  const { grant, grantee, retiring, problem } = judged;
  return {
    grantId: shown(grant.grantId),
    grantee: shown(grantee.principal),
    reach: grantee.reach,
    account: grantee.account,
    retiring: retiring && shown(retiring.principal),
    operations: operationsText(grant.operations),
    constraints: describeConstraints(grant.constraints),
    issuingAccount: grant.issuingAccount && shown(grant.issuingAccount),
    severity: problem?.severity,
  };
}

function summary(judged: JudgedGrant[]): string {
  if (judged.length === 0) return "no grants";
  const byService = judged.filter((j) => j.madeByService).length;
  const trusted = judged.filter((j) => j.grantee.reach === "trusted-account").length;
  const parts = [
    `${judged.length} grant${judged.length === 1 ? "" : "s"}, each to this account, its AWS services or trusted accounts`,
  ];
  if (byService > 0) parts.push(`${byService} made by AWS services for this account's resources`);
  if (trusted > 0) parts.push(`${trusted} to trusted accounts`);
  return parts.join("; ");
}

export const kmsGrantPrincipals: Rule<KeySnapshot, Params> = {
  id: "kms-grant-principals",
  title: "Grants give access only to this account, its AWS services and trusted accounts",
  description:
    "Grants are a second door to a key, beside its policy. Flags a grant whose grantee is outside this account and the trusted accounts (HIGH; CRITICAL when it may call CreateGrant and so pass the access on), a grant to an AWS service principal without a SourceArn constraint (MEDIUM), and an untrusted retiring principal (LOW). Grants AWS services make for this account's resources (the service's own principal, or an AWS-reserved role of this account, as EBS uses) are expected.",
  resourceType: "AWS::KMS::Key",
  severity: "HIGH",
  evaluatedOn: ["change"],
  // Only these calls change a key's grants; a policy or rotation event does not pay for ListGrants.
  readsOnEvents: ["CreateGrant", "RetireGrant", "RevokeGrant"],
  permissions: ["kms:DescribeKey", "kms:ListGrants"],
  params,
  usesTrust: true,
  remediation: "revoke-external-grants",
  needs: (key) => (awsManagedReason(key) ? [] : ["grants"]),
  evaluate(key, p) {
    const awsManaged = awsManagedReason(key);
    if (awsManaged) return notApplicable(awsManaged);
    const judged = facetValue(key.grants, "grants", key.key.keyId).map((g) => judgeGrant(g, key.account, p));
    const created = key.event?.createdGrant;
    // Worst first; the grant the triggering call made leads among equals.
    const flagged = judged
      .filter((j) => j.problem)
      .sort(
        (a, b) =>
          severityRank(b.problem!.severity) - severityRank(a.problem!.severity) ||
          Number(b.grant.grantId === created?.grantId) - Number(a.grant.grantId === created?.grantId),
      );
    const [worst] = flagged;
    if (!worst) return compliant(summary(judged));
    const more = flagged.length > 1 ? ` (+${flagged.length - 1} more)` : "";
    const justMade = created?.grantId === worst.grant.grantId ? "created by this call: " : "";
    const orgs = p.trustedOrganizationIds;
    // A grant names an account, never an organization: membership cannot be read from it.
    const untrustedAccount = flagged.some((j) => j.grantee.reach === "external-account");
    return nonCompliant(`${justMade}${worst.problem!.reason}${more}`, {
      severity: worst.problem!.severity,
      evidence: {
        grants: flagged.slice(0, EVIDENCE_GRANTS).map(grantEvidence),
        flaggedGrants: flagged.length,
        ...(orgs.length > 0 &&
          untrustedAccount && {
            trust: `grants name accounts, not organizations: an account of ${orgs.join(", ")} is trusted only when listed in trustedAccounts`,
          }),
      },
      eventEvidence: created
        ? { createdGrant: { ...created, constraints: describeConstraints(created.constraints) } }
        : undefined,
    });
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<KeySnapshot> => ({
  summary: "a grant letting a role of an untrusted account decrypt and create grants of its own",
  snapshot: exampleKey({
    grants: [
      {
        grantId: "7c1f9e0d2b3a4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5",
        granteePrincipal: "arn:aws:iam::999988887777:role/PartnerIngest",
        issuingAccount: "arn:aws:iam::111122223333:root",
        operations: ["Decrypt", "CreateGrant"],
        constraints: {},
      },
    ],
  }),
  now: EXAMPLE_NOW,
});
