import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { timeouts } from "../../shared/aws/clients";
import {
  ConfigEvaluatedResources,
  ConfigEvaluationReporter,
} from "../../shared/aws/config-evaluation-reporter";
import { createConfigRuleHandler } from "../../shared/handlers";
import { createLambdaRuntime } from "../../shared/runtime";

const runtime = await createLambdaRuntime();
const config = new ConfigServiceClient({
  region: runtime.region,
  retryMode: "adaptive",
  requestHandler: timeouts(),
});

/** Every keysentry AWS Config custom rule: invocation → fresh evaluation → PutEvaluations. */
export const handler = createConfigRuleHandler(runtime, {
  reporter: new ConfigEvaluationReporter(config),
  evaluated: new ConfigEvaluatedResources(config),
});
