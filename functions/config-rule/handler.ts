import { createConfigRuleHandler } from "../../shared/handlers";
import { configRuleDependencies, createLambdaRuntime } from "../../shared/wiring";

const runtime = await createLambdaRuntime();

/** Every keysentry AWS Config custom rule: invocation → fresh evaluation → PutEvaluations. */
export const handler = createConfigRuleHandler(runtime, configRuleDependencies(runtime.region));
