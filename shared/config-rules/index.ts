export {
  type ConfigRuleDependencies,
  type EvaluatedResources,
  type Evaluation,
  type EvaluationReporter,
  toEvaluations,
} from "./evaluations";
export {
  type ConfigRequest,
  ConfigRuleParameterError,
  isRuleResource,
  RULE_ID_PARAMETER,
  readConfigInvocation,
  ruleParameters,
} from "./invocation";
