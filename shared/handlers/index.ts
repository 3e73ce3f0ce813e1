export { type ConfigRuleDependencies, type ConfigRuleResult, createConfigRuleHandler } from "./config-rule";
export { createEventHandler, type EventReader } from "./event-handler";
export { type Continuation, createSweepHandler, type SweepDependencies } from "./sweep";
