export {
  analyseKeyPolicy,
  GRANT_CLASSES,
  type Grant,
  type GrantClass,
  type PolicyAnalysis,
  type RootAccess,
  type TrustContext,
} from "./analyse";
export { diffKeyPolicies, type PolicyDiff } from "./diff";
export {
  type ConditionClause,
  KeyPolicyParseError,
  type PolicyDocument,
  type PolicyStatement,
  parseKeyPolicy,
} from "./document";
export { accountOf, isAccountRoot, rootArn } from "./patterns";
