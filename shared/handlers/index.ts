export { type ConfigRuleResult, createConfigRuleHandler } from "./config-rule";
export { createEventHandler, type EventReader } from "./event-handler";
export { createSweepHandler, type SweepDependencies } from "./sweep";
