import { createConfigRuleHandler } from "../../shared/handlers";
import { configRuleDependencies, createLambdaServices } from "../../shared/wiring";

const services = await createLambdaServices();

/** Every keysentry AWS Config custom rule: invocation → fresh evaluation → PutEvaluations. */
export const handler = createConfigRuleHandler(services, configRuleDependencies(services.region));
