import { facetValue, type KeySnapshot } from "../model";
import { analyseKeyPolicy, type Grant, type PolicyAnalysis } from "../policy";

export interface Trust {
  trustedAccounts: readonly string[];
  trustedOrganizationIds: readonly string[];
}

export const NO_TRUST: Trust = { trustedAccounts: [], trustedOrganizationIds: [] };

/**
 * Three policy rules read the same policy: analyse it once per document, key and trust. The
 * document's entry goes with the document; within it, a few trust settings at most (one per
 * rule's parameters), capped so that no caller can grow it.
 */
const analyses = new WeakMap<object, Map<string, PolicyAnalysis>>();
const ANALYSES_PER_DOCUMENT = 4;

export function analyseKeyOf(key: KeySnapshot, trust: Trust): PolicyAnalysis {
  const { document } = facetValue(key.policy, "policy", key.key.keyId);
  const trustKey = JSON.stringify([
    key.account,
    key.key.arn,
    trust.trustedAccounts,
    trust.trustedOrganizationIds,
  ]);
  const byTrust = analyses.get(document) ?? new Map<string, PolicyAnalysis>();
  analyses.set(document, byTrust);
  const cached = byTrust.get(trustKey);
  if (cached) return cached;
  const analysis = analyseKeyPolicy(document, {
    account: key.account,
    keyArn: key.key.arn,
    trustedAccounts: trust.trustedAccounts,
    trustedOrganizations: trust.trustedOrganizationIds,
  });
  if (byTrust.size >= ANALYSES_PER_DOCUMENT) byTrust.clear();
  byTrust.set(trustKey, analysis);
  return analysis;
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
