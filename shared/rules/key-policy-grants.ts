import { facetValue, type KeySnapshot } from "../model";
import { analyseKeyPolicy, type Grant, type PolicyAnalysis } from "../policy";

export interface Trust {
  trustedAccounts: readonly string[];
  trustedOrganizationIds: readonly string[];
}

export const NO_TRUST: Trust = { trustedAccounts: [], trustedOrganizationIds: [] };

export function analyseKeyOf(key: KeySnapshot, trust: Trust): PolicyAnalysis {
  const policy = facetValue(key.policy, "policy", key.key.keyId);
  return analyseKeyPolicy(policy.document, {
    account: key.account,
    trustedAccounts: trust.trustedAccounts,
    trustedOrganizations: trust.trustedOrganizationIds,
  });
}

/** The grants as evidence: enough to find the statement, not the whole policy. */
export function grantEvidence(grants: Grant[]) {
  return grants.map((g) => ({
    statement: g.sid ?? g.statement,
    class: g.class,
    principal: g.principal,
    account: g.account,
    organization: g.organization,
    actions: g.notAction ? { notAction: g.actions } : g.actions,
    pinnedBy: g.pinnedBy,
  }));
}

/** The first explanation, and how many more there are. */
export function explainGrants(grants: Grant[]): string {
  const [first, ...rest] = grants;
  if (!first) return "";
  return rest.length > 0 ? `${first.explanation} (+${rest.length} more)` : first.explanation;
}
