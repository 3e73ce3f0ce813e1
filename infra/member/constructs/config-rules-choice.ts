import { CfnCondition, CfnParameter, Fn } from "aws-cdk-lib";
import { Construct, type IConstruct } from "constructs";
import { onlyWhere } from "../../conditions";
import { resourceScope } from "../../resource-scope";

export interface ConfigRulesChoiceProps {
  /** `deployment.configRules` of the settings. */
  enabled: boolean;
  /** A ConfigRules stack parameter decides, defaulting to `enabled` (StackSet instances). */
  parameter?: boolean;
}

/**
 * Whether the stack has the AWS Config rules and the function that evaluates them. Creating a
 * custom Config rule fails without a configuration recorder in the account and region
 * (NoAvailableConfigurationRecorderException, Config API Reference, PutConfigRule), and with it
 * the whole stack: settings leave them out, and a StackSet decides per deployment with the
 * ConfigRules parameter, whose condition every resource of the Config rules carries.
 */
export class ConfigRulesChoice extends Construct {
  /** False when settings leave the Config rules out of the template altogether. */
  readonly included: boolean;
  /** Where the ConfigRules parameter decides: the condition of every resource that serves the Config rules. */
  readonly condition?: CfnCondition;

  constructor(scope: Construct, id: string, props: ConfigRulesChoiceProps) {
    super(scope, id);
    this.included = props.enabled || Boolean(props.parameter);
    if (!props.parameter) return;
    const stack = resourceScope(this);
    const parameter = new CfnParameter(stack, "ConfigRulesParameter", {
      type: "String",
      allowedValues: ["true", "false"],
      default: String(props.enabled),
      description:
        "Create the AWS Config rules and their function: false where the account and region have no AWS Config recorder",
    });
    // The name the organization stack passes it by; the construct of that name holds the rules.
    parameter.overrideLogicalId("ConfigRules");
    this.condition = new CfnCondition(stack, "HasConfigRules", {
      expression: Fn.conditionEquals(parameter.valueAsString, "true"),
    });
  }

  /** Makes every resource under the scopes exist only where the Config rules do. */
  serving(...scopes: IConstruct[]): void {
    if (this.condition) onlyWhere(this.condition, ...scopes);
  }
}
