export * from "./authority-examples";
export * from "./examples";
export { expirySeverity } from "./expiry-ladder";
export {
  isAwsReservedSession,
  isServicePrincipal,
  type JudgedGrant,
  judgeGrant,
  revocable,
} from "./grant-principals";
export { accountId, organizationId } from "./ids";
export type { Trust } from "./key-policy-grants";
export * from "./registry";
export { compliant, nonCompliant, notApplicable, type Rule, type RuleExample, type Verdict } from "./rule";
