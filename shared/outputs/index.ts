export {
  ASFF_SCHEMA_VERSION,
  ASFF_TYPES,
  type AsffOutcome,
  type AsffRecordLife,
  asffFinding,
  asffId,
  asffOutcome,
  asffRecords,
  defaultProductArn,
} from "./asff";
export { OCSF_VERSION, ocsfComplianceFinding } from "./ocsf";
export { RULE_DOCUMENTATION, ruleText } from "./rule-text";
export { SECURITY_HUB_CONTROLS, securityHubControl } from "./security-hub-controls";
