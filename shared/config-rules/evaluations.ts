import { describeExemption } from "../engine";
import { type Finding, isExempt, truncateAnnotation } from "../model";

/** A PutEvaluations entry (AWS Config API reference, Evaluation). */
export interface Evaluation {
  ComplianceResourceType: string;
  ComplianceResourceId: string;
  ComplianceType: "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";
  Annotation?: string;
  OrderingTimestamp: Date;
}

/** Writes evaluations for one invocation (adapter: shared/aws/config-evaluation-reporter). */
export interface EvaluationReporter {
  report(evaluations: Evaluation[], resultToken: string, testMode: boolean): Promise<{ calls: number }>;
}

/** Resources a Config rule has results for, so results of vanished resources can be retired. */
export interface EvaluatedResources {
  list(configRuleName: string): Promise<{ resourceType: string; resourceId: string }[]>;
}

/** What the config-rule function needs of AWS Config besides the invocation. */
export interface ConfigRuleDependencies {
  reporter: EvaluationReporter;
  evaluated: EvaluatedResources;
}

/**
 * Findings as Config evaluations. ERROR is left out: a custom rule cannot say "could not
 * read", and reporting COMPLIANT or NON_COMPLIANT instead would be a lie either way. An exempt
 * finding is NOT_APPLICABLE with the exemption as its annotation ("exempt until …: reason").
 */
export function toEvaluations(
  findings: readonly Finding[],
  orderingTimestamp: Date,
): { evaluations: Evaluation[]; unreadable: Finding[] } {
  const evaluations: Evaluation[] = [];
  const unreadable: Finding[] = [];
  for (const finding of findings) {
    const exempt = finding.exemption && isExempt(finding);
    if (finding.status === "ERROR" && !exempt) {
      unreadable.push(finding);
      continue;
    }
    evaluations.push({
      ComplianceResourceType: finding.resourceType,
      ComplianceResourceId: finding.resourceId,
      ComplianceType: exempt ? "NOT_APPLICABLE" : (finding.status as Evaluation["ComplianceType"]),
      Annotation: exempt ? truncateAnnotation(describeExemption(finding.exemption!)) : finding.annotation,
      OrderingTimestamp: orderingTimestamp,
    });
  }
  return { evaluations, unreadable };
}
