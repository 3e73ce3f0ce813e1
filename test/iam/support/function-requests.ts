/**
 * The IAM requests a function run makes, with IAM's decision on each: the calls it signed, the
 * calls AWS services make on its behalf, each evaluated against the role that made it and the
 * resource policy of what it acts on.
 */
import { defaultKeyPolicy } from "../../../shared/rules";
import type { DeployedPolicies, PolicyDocument } from "./deployed-policies";
import type { FunctionRun } from "./function-runs";
import { type IamRequest, iamRequestOf, UnmappedCallError } from "./iam-requests";
import { type Decision, decide } from "./simulate";

export interface EvaluatedCall {
  function: string;
  /** The role that made the request, and its session name. */
  roleArn: string;
  role: string;
  request: IamRequest;
  decision: Decision;
  /** Why the call could not be mapped to an IAM request, when it could not. */
  unmapped?: string;
}

interface Made {
  roleArn: string;
  session: string;
  request: IamRequest;
  context?: Record<string, string>;
}

const roleName = (arn: string) => arn.split("/").pop() ?? arn;

/**
 * What SNS does on a publisher's behalf: publishing to a topic encrypted with a customer key
 * needs kms:GenerateDataKey and kms:Decrypt on that key, used through SNS (SNS Developer Guide,
 * "Encryption at rest"; the same two actions its examples grant services that publish).
 */
function onBehalfOf(made: Made, deployed: DeployedPolicies): Made[] {
  if (made.request.action !== "sns:Publish") return [];
  const key = deployed.topicKey(made.request.resource);
  if (!key) return [];
  const context = {
    "kms:ViaService": `sns.${deployed.place.region}.amazonaws.com`,
    "kms:CallerAccount": deployed.place.account,
  };
  return ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
    ...made,
    request: { action, resource: key.arn },
    context,
  }));
}

/** The resource policy IAM reads besides the caller's identity policies, for the resources the stack owns. */
function resourcePolicyOf(request: IamRequest, deployed: DeployedPolicies): PolicyDocument | undefined {
  switch (request.action) {
    case "sns:Publish":
      return deployed.topicPolicy(request.resource);
    case "sts:AssumeRole":
      return deployed.role(request.resource).trustPolicy;
    case "lambda:InvokeFunction":
      return deployed.functionPolicy(request.resource);
    default:
      return request.action.startsWith("kms:") && request.resource !== "*"
        ? // The account's own keys are their owners': keysentry reads and fixes keys whose policy lets
          // the account's IAM policies decide, as KMS's default key policy does.
          (stackKeyPolicy(request.resource, deployed) ?? defaultKeyPolicy(deployed.place.account))
        : undefined;
  }
}

function stackKeyPolicy(keyArn: string, deployed: DeployedPolicies): PolicyDocument | undefined {
  const keyId = Object.keys(deployed.template.Resources).find(
    (id) => deployed.template.Resources[id]?.Type === "AWS::KMS::Key" && deployed.resolver.arn(id) === keyArn,
  );
  return keyId
    ? (deployed.resolver.value(deployed.template.Resources[keyId]?.Properties?.KeyPolicy) as PolicyDocument)
    : undefined;
}

async function evaluate(fn: string, made: Made, deployed: DeployedPolicies): Promise<EvaluatedCall> {
  const { account, region } = deployed.place;
  const role = deployed.role(made.roleArn);
  const decision = await decide(
    {
      principal: `arn:aws:sts::${account}:assumed-role/${role.name}/${made.session}`,
      action: made.request.action,
      resource: made.request.resource,
      resourceAccount: made.request.resource.split(":")[4] || account,
      context: {
        "aws:PrincipalAccount": account,
        "aws:PrincipalArn": role.arn,
        "aws:RequestedRegion": region,
        "aws:ResourceAccount": made.request.resource.split(":")[4] || account,
        ...made.context,
      },
    },
    role.identityPolicies,
    resourcePolicyOf(made.request, deployed),
  );
  return { function: fn, roleArn: role.arn, role: role.name, request: made.request, decision };
}

/** Every request of every run, evaluated; a call the mapping does not know is kept, marked unmapped. */
export async function evaluateRuns(
  deployed: DeployedPolicies,
  runs: readonly FunctionRun[],
): Promise<EvaluatedCall[]> {
  const functions = deployed.functions();
  const queue = deployed.queueArn();
  const evaluated: EvaluatedCall[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    const fn = functions.find((f) => f.name === run.name)!;
    const made: Made[] = [
      // Lambda sends a failed asynchronous invocation's record to the destination with the function's role.
      { roleArn: fn.roleArn, session: fn.name, request: { action: "sqs:SendMessage", resource: queue } },
    ];
    for (const call of run.calls) {
      try {
        const request = await iamRequestOf(call, { account: deployed.place.account, region: call.region });
        const assumed = run.assumedRoles.get(call.accessKeyId);
        made.push(
          assumed
            ? { roleArn: assumed.roleArn, session: assumed.session, request }
            : { roleArn: fn.roleArn, session: fn.name, request },
        );
      } catch (error) {
        if (!(error instanceof UnmappedCallError)) throw error;
        evaluated.push({
          function: run.name,
          roleArn: fn.roleArn,
          role: roleName(fn.roleArn),
          request: { action: `${call.service}:${call.operation}`, resource: "?" },
          decision: { allowed: false, result: "unmapped" },
          unmapped: error.message,
        });
      }
    }
    for (const one of made.flatMap((m) => [m, ...onBehalfOf(m, deployed)])) {
      // The same request decides the same way: evaluate it once.
      const key = JSON.stringify([one.roleArn, one.request, one.context]);
      if (seen.has(`${run.name}${key}`)) continue;
      seen.add(`${run.name}${key}`);
      evaluated.push(await evaluate(run.name, one, deployed));
    }
  }
  return evaluated;
}
