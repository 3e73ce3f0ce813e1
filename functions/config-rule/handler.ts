import { createConfigRuleHandler } from "../../shared/handlers";
import { createLambdaServices } from "../../shared/wiring";
import { configRuleDependencies } from "../../shared/wiring/config-rule-dependencies";

const services = await createLambdaServices();

/** Every keysentry AWS Config custom rule: invocation → fresh evaluation → PutEvaluations. */
export const handler = createConfigRuleHandler(services, configRuleDependencies(services.region));
