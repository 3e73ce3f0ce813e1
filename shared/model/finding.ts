/** The one output shape: every trigger, the CLI and every test speak it. */

export type ResourceType = "AWS::KMS::Key" | "AWS::ACM::Certificate";

export type ComplianceStatus = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE" | "ERROR";

export const SEVERITIES = ["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Evidence = Record<string, unknown>;

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
  evidence: Evidence;
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
