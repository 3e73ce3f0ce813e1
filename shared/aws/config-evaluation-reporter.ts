import {
  type ConfigServiceClient,
  PutEvaluationsCommand,
  paginateGetComplianceDetailsByConfigRule,
  type Evaluation as SdkEvaluation,
} from "@aws-sdk/client-config-service";
import type { EvaluatedResources, Evaluation, EvaluationReporter } from "../config-rules";
import { KeysentryError } from "../errors";

/** PutEvaluations takes at most 100 evaluations per call (AWS Config API reference, PutEvaluations). */
export const MAX_EVALUATIONS_PER_CALL = 100;
/** Evaluations Config hands back in FailedEvaluations are sent again, this many times. */
const RESEND_ATTEMPTS = 3;

export class ConfigReportError extends KeysentryError {
  override readonly name = "ConfigReportError";
  constructor(readonly failed: number) {
    super(
      `AWS Config did not accept ${failed} evaluation${failed === 1 ? "" : "s"} after ${RESEND_ATTEMPTS} attempts`,
    );
  }
}

export class ConfigEvaluationReporter implements EvaluationReporter {
  constructor(private readonly config: ConfigServiceClient) {}

  async report(
    evaluations: Evaluation[],
    resultToken: string,
    testMode: boolean,
  ): Promise<{ calls: number }> {
    let calls = 0;
    for (let start = 0; start < evaluations.length; start += MAX_EVALUATIONS_PER_CALL) {
      let pending: SdkEvaluation[] = evaluations.slice(start, start + MAX_EVALUATIONS_PER_CALL);
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > RESEND_ATTEMPTS) throw new ConfigReportError(pending.length);
        // Throttling is retried by the client's adaptive retry mode; what Config rejects comes back here.
        const { FailedEvaluations = [] } = await this.config.send(
          new PutEvaluationsCommand({ Evaluations: pending, ResultToken: resultToken, TestMode: testMode }),
        );
        calls++;
        pending = FailedEvaluations;
      }
    }
    return { calls };
  }
}

export class ConfigEvaluatedResources implements EvaluatedResources {
  constructor(private readonly config: ConfigServiceClient) {}

  async list(configRuleName: string) {
    const resources: { resourceType: string; resourceId: string }[] = [];
    const pages = paginateGetComplianceDetailsByConfigRule(
      { client: this.config, pageSize: 100 },
      { ConfigRuleName: configRuleName, ComplianceTypes: ["COMPLIANT", "NON_COMPLIANT"] },
    );
    for await (const page of pages) {
      for (const result of page.EvaluationResults ?? []) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (qualifier?.ResourceType && qualifier.ResourceId)
          resources.push({ resourceType: qualifier.ResourceType, resourceId: qualifier.ResourceId });
      }
    }
    return resources;
  }
}
