import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { timeouts } from "../aws/clients";
import { ConfigEvaluatedResources, ConfigEvaluationReporter } from "../aws/config-evaluation-reporter";
import type { ConfigRuleDependencies } from "../config-rules";

/**
 * The AWS Config side of the config-rule function: PutEvaluations and the results Config already
 * holds. A module of its own, so only that function's bundle carries the Config client.
 */
export function configRuleDependencies(region: string): ConfigRuleDependencies {
  const config = new ConfigServiceClient({ region, retryMode: "adaptive", requestHandler: timeouts() });
  return { reporter: new ConfigEvaluationReporter(config), evaluated: new ConfigEvaluatedResources(config) };
}
