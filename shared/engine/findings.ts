import {
  type Finding,
  type ReadFailure,
  type ResourceType,
  resourceArnOf,
  resourceIdOf,
  resourceLabel,
  type Snapshot,
  truncateAnnotation,
} from "../model";
import type { AnyRule, Verdict } from "../rules";

/** Who a finding is about, known even when the resource could not be read. */
export interface ResourceIdentity {
  resourceType: ResourceType;
  resourceId: string;
  resourceArn: string;
  account: string;
  region: string;
  label: string;
}

export function identityOf(snapshot: Snapshot): ResourceIdentity {
  return {
    resourceType: snapshot.resourceType,
    resourceId: resourceIdOf(snapshot),
    resourceArn: resourceArnOf(snapshot),
    account: snapshot.account,
    region: snapshot.region,
    label: resourceLabel(snapshot),
  };
}

function finding(
  rule: AnyRule,
  who: ResourceIdentity,
  rest: Pick<Finding, "status" | "severity" | "evidence">,
  reason: string,
): Finding {
  const { label, ...resource } = who;
  return { ruleId: rule.id, ...resource, ...rest, annotation: truncateAnnotation(`${label}: ${reason}`) };
}

export function verdictFinding(rule: AnyRule, snapshot: Snapshot, verdict: Verdict): Finding {
  const severity = verdict.status === "NON_COMPLIANT" ? (verdict.severity ?? rule.severity) : "INFO";
  const made = finding(
    rule,
    identityOf(snapshot),
    { status: verdict.status, severity, evidence: verdict.evidence ?? {} },
    verdict.reason,
  );
  return verdict.eventEvidence ? { ...made, eventEvidence: verdict.eventEvidence } : made;
}

/** ERROR is never turned into COMPLIANT: the rule could not decide because a read failed. */
export function errorFinding(rule: AnyRule, who: ResourceIdentity, failure: ReadFailure): Finding {
  return finding(
    rule,
    who,
    { status: "ERROR", severity: rule.severity, evidence: { failure } },
    `could not read ${failure.operation} (${failure.code}): ${failure.message}`,
  );
}

export function notApplicableFinding(
  rule: AnyRule,
  who: ResourceIdentity,
  reason: string,
  evidence: Finding["evidence"] = {},
): Finding {
  return finding(rule, who, { status: "NOT_APPLICABLE", severity: "INFO", evidence }, reason);
}

export function goneFinding(rule: AnyRule, who: ResourceIdentity): Finding {
  return notApplicableFinding(rule, who, "no longer exists", { deleted: true });
}
