/**
 * Grants AWS services make for this account's own resources (an EBS volume attached, an RDS
 * instance started): an autoscaling group alone makes thousands an hour, and kms-grant-principals
 * judges every one of them in order. They are recognised as that rule recognises them
 * (rules/grant-principals.ts): the call was made by an AWS service (userIdentity.invokedBy, "the
 * name of the AWS service that made the request", CloudTrail User Guide, "CloudTrail userIdentity
 * element") for a caller of this account, and the grantee is the service's own principal or an
 * AWS-reserved role session of this account. Every other grant call is kept: to another account,
 * to an IAM principal, through GranteeServicePrincipal (whose SourceArn the rule checks), or made
 * by a person or a program.
 */
import { isAwsReservedSession, isServicePrincipal } from "../rules";
import { CLOUDTRAIL_DETAIL_TYPE } from "./cloudtrail";
import type { EventPattern } from "./event-pattern";

/** Service principals end so (IAM User Guide, "AWS service principals"); also how invokedBy names a service. */
const SERVICE_SUFFIX = ".amazonaws.com";

/** The grant calls whose rules drop the service grants: each has a rule of its own. */
export const GRANT_CALLS = ["CreateGrant", "RetireGrant"] as const;

/** How a grant call was recognised as a service's own, for this account's resources. */
export type ServiceGrant = "to-service-principal" | "to-reserved-session" | "retired-by-service";

interface GrantCall {
  eventName: string;
  userIdentity: { invokedBy?: string; accountId?: string };
  requestParameters?: { granteePrincipal?: string; granteeServicePrincipal?: string } | null;
}

/** The service grant a CreateGrant or RetireGrant call of `account` is, if it is one. */
export function serviceGrantFor(call: GrantCall, account: string): ServiceGrant | undefined {
  const { invokedBy, accountId } = call.userIdentity;
  if (!invokedBy?.endsWith(SERVICE_SUFFIX) || accountId !== account) return undefined;
  // A retirement only takes access away, and one a service makes ends a grant it made: the sweep
  // reads the key's grants again either way.
  if (call.eventName === "RetireGrant") return "retired-by-service";
  if (call.eventName !== "CreateGrant") return undefined;
  const request = call.requestParameters ?? {};
  const grantee = request.granteePrincipal;
  if (request.granteeServicePrincipal || grantee === undefined) return undefined;
  // A grantee KMS accepted is an ARN or a service principal (KMS API reference, CreateGrant), told
  // apart as the rule tells them (an IAM role named "x.amazonaws.com" is an ARN: kept). Only the
  // suffix the patterns drop counts here too, so reader and patterns agree.
  if (isServicePrincipal(grantee) && grantee.endsWith(SERVICE_SUFFIX)) return "to-service-principal";
  return isAwsReservedSession(grantee, account) ? "to-reserved-session" : undefined;
}

/**
 * Which service grants the EventBridge rules drop before any invocation. A grant to an AWS-reserved
 * session cannot be among them: keeping every other grantee would take two negations on the one
 * field (not a service principal, not a reserved session), and a pattern holds one condition per
 * field in each `$or` alternative; the documented `anything-but` takes one prefix, suffix or
 * wildcard (EventBridge User Guide, "Comparison operators for use in event patterns"). The KMS
 * reader ignores those before any read instead.
 */
export const FILTERED_BY_PATTERN: readonly ServiceGrant[] = ["to-service-principal", "retired-by-service"];

/** Alternatives under which a grant call is kept: any one suffices (`$or`). */
function keptUnless(account: string) {
  return [
    // Made by a person or a program: no service in between.
    { userIdentity: { invokedBy: [{ exists: false }] } },
    { userIdentity: { invokedBy: [{ "anything-but": { suffix: SERVICE_SUFFIX } }] } },
    // A caller of another account, or of none CloudTrail names.
    { userIdentity: { accountId: [{ "anything-but": account }] } },
    { userIdentity: { accountId: [{ exists: false }] } },
  ];
}

const grantCall = (eventName: string, alternatives: readonly EventPattern[]): EventPattern => ({
  source: ["aws.kms"],
  "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
  detail: {
    eventSource: ["kms.amazonaws.com"],
    eventName: [eventName],
    errorCode: [{ exists: false }],
    $or: alternatives,
  },
});

/**
 * The rules for CreateGrant and RetireGrant in `account`: every call but the service grants
 * FILTERED_BY_PATTERN names. `anything-but` and `suffix` match only a field that is present, so an
 * absent one is kept by an `exists: false` alternative of its own (EventBridge User Guide,
 * "Content filtering in Amazon EventBridge event patterns").
 */
export function grantPatterns(account: string): Record<"kmsCreateGrant" | "kmsRetireGrant", EventPattern> {
  return {
    kmsCreateGrant: grantCall("CreateGrant", [
      ...keptUnless(account),
      // The caller named a service principal: the rule checks its SourceArn.
      { requestParameters: { granteeServicePrincipal: [{ exists: true }] } },
      // A grantee that is no service principal: an IAM principal of any account, or an AWS-reserved session.
      {
        requestParameters: {
          granteePrincipal: [{ "anything-but": { suffix: SERVICE_SUFFIX } }, { prefix: "arn:" }],
        },
      },
      { requestParameters: { granteePrincipal: [{ exists: false }] } },
    ]),
    kmsRetireGrant: grantCall("RetireGrant", keptUnless(account)),
  };
}
