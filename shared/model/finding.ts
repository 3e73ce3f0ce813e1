/** The one output shape: every trigger, the CLI and every test speak it. */

export type ResourceType = "AWS::KMS::Key" | "AWS::ACM::Certificate" | "AWS::ACMPCA::CertificateAuthority";

export type ComplianceStatus = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE" | "ERROR";

export const SEVERITIES = ["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Evidence = Record<string, unknown>;

/**
 * What the resource's exemption tags say about this finding, decided once in the engine.
 * `exempt` silences alerts, tickets and remediation; `expired` and `invalid` do not, and say
 * why; `unreadable` means the tags could not be read: alert, never remediate.
 */
export interface FindingExemption {
  state: "exempt" | "expired" | "invalid" | "unreadable";
  /** The tag that grants (or would grant) the exemption. */
  tag: string;
  reason: string;
  /** The expiry date as tagged. */
  until?: string;
}

export interface Finding {
  ruleId: string;
  resourceType: ResourceType;
  resourceId: string;
  resourceArn: string;
  account: string;
  region: string;
  status: ComplianceStatus;
  severity: Severity;
  /** Why, in words a person understands; at most 256 characters (the AWS Config annotation limit). */
  annotation: string;
  /** What every path (event, sweep, Config, CLI) can see: part of the alert's identity. */
  evidence: Evidence;
  /** Facts only the triggering event knows (requested window, actor's request): they enrich messages, never identity. */
  eventEvidence?: Evidence;
  /** Present on NON_COMPLIANT and ERROR findings when the resource carries an exemption tag, or its tags could not be read. */
  exemption?: FindingExemption;
}

/** Statuses worth telling someone about; the others only matter when they end trouble. */
export function isTrouble(status: ComplianceStatus): boolean {
  return status === "NON_COMPLIANT" || status === "ERROR";
}

/** An exemption in force: the finding keeps its status, but nobody is alerted and nothing is changed. */
export function isExempt(finding: Pick<Finding, "exemption">): boolean {
  return finding.exemption?.state === "exempt";
}

/** Trouble that is not exempt: what alerts, tickets, `--fail-on` and remediation act on. */
export function needsAttention(finding: Pick<Finding, "status" | "exemption">): boolean {
  return isTrouble(finding.status) && !isExempt(finding);
}

/** AWS Config accepts annotations of at most 256 characters (PutEvaluations, Evaluation.Annotation). */
export const MAX_ANNOTATION_LENGTH = 256;

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** One step down the ladder, never below INFO. */
export function lowerSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.max(0, severityRank(severity) - 1)]!;
}

export function truncateAnnotation(text: string): string {
  if (text.length <= MAX_ANNOTATION_LENGTH) return text;
  return `${text.slice(0, MAX_ANNOTATION_LENGTH - 1).trimEnd()}…`;
}
