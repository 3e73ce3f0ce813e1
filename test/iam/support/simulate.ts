/**
 * IAM's decision on one request, by @cloud-copilot/iam-simulate: an evaluator we did not write,
 * which follows the IAM User Guide's policy evaluation logic (identity and resource policies,
 * same- and cross-account requests, IAM role trust and KMS key policy rules).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "./deployed-policies";

export interface Request {
  /** A role session ARN, or a service principal ("events.amazonaws.com"). */
  principal: string;
  action: string;
  resource: string;
  /** The account that owns the resource. */
  resourceAccount: string;
  context?: Record<string, string | string[]>;
}

export interface Decision {
  allowed: boolean;
  result: string;
}

export async function decide(
  request: Request,
  identityPolicies: readonly { name: string; policy: PolicyDocument }[],
  resourcePolicy?: PolicyDocument,
): Promise<Decision> {
  const outcome = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { "aws:SecureTransport": "true", ...request.context },
      },
      identityPolicies: [...identityPolicies],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    },
    {},
  );
  if (outcome.resultType === "error") return { allowed: false, result: `error: ${outcome.errors.message}` };
  // A "*" resource is simulated against every resource type the action takes, with one overall result.
  const result = outcome.overallResult;
  return { allowed: result === "Allowed", result };
}
