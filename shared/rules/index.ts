export * from "./examples";
export { expirySeverity } from "./expiry-ladder";
export * from "./registry";
export { compliant, nonCompliant, notApplicable, type Rule, type RuleExample, type Verdict } from "./rule";
