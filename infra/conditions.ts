import { CfnCondition, CfnResource, Fn, Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * Makes every resource under the scopes exist only where `condition` holds, and where any
 * condition it already had holds too (the resource gets a condition that requires both).
 */
export function onlyWhere(condition: CfnCondition, ...scopes: IConstruct[]): void {
  for (const scope of scopes)
    for (const child of scope.node.findAll()) {
      if (!CfnResource.isCfnResource(child)) continue;
      const had = child.cfnOptions.condition;
      child.cfnOptions.condition = had && had !== condition ? both(had, condition) : condition;
    }
}

/** One condition that holds where both do, created once per pair. */
function both(first: CfnCondition, second: CfnCondition): CfnCondition {
  const stack = Stack.of(first);
  const id = `${first.node.id}And${second.node.id}`;
  return (
    (stack.node.tryFindChild(id) as CfnCondition | undefined) ??
    new CfnCondition(stack, id, { expression: Fn.conditionAnd(first, second) })
  );
}
