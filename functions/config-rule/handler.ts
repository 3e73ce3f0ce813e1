import { createConfigRuleHandler } from "../../shared/handlers";
import { createLambdaServices } from "../../shared/wiring";
import { acmCertificateReader } from "../../shared/wiring/certificate-reader";
import { configRuleDependencies } from "../../shared/wiring/config-rule-dependencies";
import { kmsKeyReader } from "../../shared/wiring/key-reader";

const services = await createLambdaServices({ keys: kmsKeyReader, certificates: acmCertificateReader });

/** Every keysentry AWS Config custom rule: invocation → fresh evaluation → PutEvaluations. */
export const handler = createConfigRuleHandler(services, configRuleDependencies(services.region));
