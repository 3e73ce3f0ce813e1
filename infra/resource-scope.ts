import { Stack } from "aws-cdk-lib";
import type { Construct } from "constructs";

/**
 * Where a construct that groups several resources creates them: in its stack, not under itself,
 * so each resource keeps the logical id it was first deployed with. A changed logical id makes
 * CloudFormation create a new resource before deleting the old one, which fails for every named
 * resource here and would orphan the retained ones (keys, the state table, log groups).
 */
export function resourceScope(group: Construct): Stack {
  return Stack.of(group);
}
