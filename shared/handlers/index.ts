export { type ConfigRuleResult, createConfigRuleHandler } from "./config-rule";
export { createEventHandler } from "./event-handler";
export { createSweepHandler, type SweepDependencies } from "./sweep";
