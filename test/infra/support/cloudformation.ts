/**
 * Resolves a synthesized template's values as CloudFormation would for one stack instance
 * (account, region, parameters), so tests can compare what two instances would create.
 * Covers the intrinsics keysentry's templates use and throws on anything else, so a template
 * that grows a new construct cannot slip past a test unresolved.
 */

export interface Parameter {
  Type?: string;
  Default?: string;
  AllowedValues?: string[];
  AllowedPattern?: string;
}
export interface Template {
  Parameters?: Record<string, Parameter>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, Resource>;
}
export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  /** The name of a condition: the resource exists only where it is true. */
  Condition?: string;
  DeletionPolicy?: string;
  DependsOn?: string | string[];
}

/**
 * What `Ref: AWS::NoValue` resolves to: the property, list item or map entry holding it is left
 * out (CloudFormation User Guide, "Pseudo parameters reference", AWS::NoValue).
 */
export const NO_VALUE = Symbol("AWS::NoValue");

export interface StackInstance {
  account: string;
  region: string;
  /** Parameter values given at deployment; others take their default. */
  parameters?: Record<string, string>;
}

export class UnresolvableValueError extends Error {
  constructor(
    message: string,
    readonly value: unknown,
  ) {
    super(`${message}: ${JSON.stringify(value)}`);
    this.name = "UnresolvableValueError";
  }
}

/** What `Ref` returns for the resource types whose names the tests compare (CloudFormation resource reference). */
const REF_NAME_PROPERTY: Record<string, string> = {
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::IAM::InstanceProfile": "InstanceProfileName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::Group": "GroupName",
  "AWS::S3::Bucket": "BucketName",
  "AWS::Lambda::Function": "FunctionName",
  "AWS::SQS::Queue": "QueueName",
  "AWS::DynamoDB::GlobalTable": "TableName",
  "AWS::SSM::Parameter": "Name",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::Events::Rule": "Name",
  "AWS::CloudWatch::Alarm": "AlarmName",
};

export class TemplateResolver {
  constructor(
    readonly template: Template,
    readonly instance: StackInstance,
  ) {}

  /** A resource's physical name: the name it declares, or a name CloudFormation generates for this instance. */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const property = REF_NAME_PROPERTY[resource.Type];
    const declared = property ? resource.Properties?.[property] : undefined;
    if (declared !== undefined) return this.string(declared);
    // CloudFormation generates unique names (stack name, logical id, random suffix) per stack instance.
    return `generated-${this.instance.account}-${this.instance.region}-${logicalId}`;
  }

  /** A resource's ARN, as `Fn::GetAtt [id, Arn]` would give it. */
  arn(logicalId: string): string {
    const { account, region } = this.instance;
    const resource = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    switch (resource.Type) {
      case "AWS::IAM::Role":
        return `arn:aws:iam::${account}:role/${name}`;
      case "AWS::S3::Bucket":
        return `arn:aws:s3:::${name}`;
      case "AWS::KMS::Key":
        return `arn:aws:kms:${region}:${account}:key/${name}`;
      case "AWS::SNS::Topic":
        return this.ref(logicalId);
      case "AWS::Lambda::Function":
        return `arn:aws:lambda:${region}:${account}:function:${name}`;
      case "AWS::SQS::Queue":
        return `arn:aws:sqs:${region}:${account}:${name}`;
      case "AWS::DynamoDB::GlobalTable":
        return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
      case "AWS::Events::Rule":
        return `arn:aws:events:${region}:${account}:rule/${name}`;
      case "AWS::Logs::LogGroup":
        return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
      case "AWS::CloudWatch::Alarm":
        return `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;
      default:
        throw new UnresolvableValueError(`no ARN for ${resource.Type}`, logicalId);
    }
  }

  ref(name: string): string {
    const { account, region, parameters } = this.instance;
    switch (name) {
      case "AWS::Region":
        return region;
      case "AWS::AccountId":
        return account;
      case "AWS::Partition":
        return "aws";
      case "AWS::URLSuffix":
        return "amazonaws.com";
      case "AWS::NoValue":
        return NO_VALUE as unknown as string;
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      const value = parameters?.[name] ?? parameter.Default;
      if (value === undefined) throw new UnresolvableValueError("parameter without a value", name);
      // A list parameter's Ref is the list (CloudFormation User Guide, "Parameters": CommaDelimitedList).
      if (parameter.Type === "CommaDelimitedList") return value.split(",") as unknown as string;
      return value;
    }
    const resource = this.resource(name);
    if (resource.Type === "AWS::SNS::Topic") {
      const topicName = resource.Properties?.TopicName;
      if (topicName === undefined) throw new UnresolvableValueError("topic without a name", name);
      return `arn:aws:sns:${region}:${account}:${this.string(topicName)}`;
    }
    return this.physicalName(name);
  }

  /** Any template value with its intrinsics resolved; AWS::NoValue leaves its item or entry out. */
  value(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.value(v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === "Ref" || first[0].startsWith("Fn::")))
      return this.intrinsic(first[0], first[1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, this.value(v)]).filter(([, v]) => v !== NO_VALUE));
  }

  /** Whether a named condition of the template holds for this instance. */
  condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new UnresolvableValueError("no such condition", name);
    return this.holds(expression);
  }

  /** The resources this instance creates: those without a condition, or whose condition holds. */
  resources(): [string, Resource][] {
    return Object.entries(this.template.Resources).filter(
      ([, r]) => r.Condition === undefined || this.condition(r.Condition),
    );
  }

  /**
   * The logical ids of the resources a value refers to (Ref, Fn::GetAtt, Fn::Sub), in the branches
   * of Fn::If this instance takes.
   */
  references(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap((v) => this.references(v));
    if (value === null || typeof value !== "object") return [];
    const entries = Object.entries(value);
    const [[name, argument] = []] = entries;
    const isResource = (id: string) => id in this.template.Resources;
    if (entries.length === 1 && name === "Ref")
      return isResource(argument as string) ? [argument as string] : [];
    if (entries.length === 1 && name === "Fn::GetAtt") return [(argument as [string])[0]];
    if (entries.length === 1 && name === "Fn::If") {
      const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
      return this.references(this.condition(condition) ? whenTrue : whenFalse);
    }
    if (entries.length === 1 && name === "Fn::Sub") {
      const [text, variables] = (typeof argument === "string" ? [argument, {}] : argument) as [
        string,
        object,
      ];
      const named = [...text.matchAll(/\$\{([^}!.]+)/g)].map((m) => m[1]!).filter(isResource);
      return [...named, ...this.references(Object.values(variables))];
    }
    return entries.flatMap(([, v]) => this.references(v));
  }

  /** A condition function (CloudFormation User Guide, "Condition functions"). */
  private holds(expression: unknown): boolean {
    const [[name, argument] = []] = Object.entries(expression as object);
    const operands = argument as unknown[];
    switch (name) {
      case "Condition":
        return this.condition(argument as string);
      case "Fn::Equals":
        return JSON.stringify(this.value(operands[0])) === JSON.stringify(this.value(operands[1]));
      case "Fn::Not":
        return !this.holds(operands[0]);
      case "Fn::And":
        return operands.every((c) => this.holds(c));
      case "Fn::Or":
        return operands.some((c) => this.holds(c));
      default:
        throw new UnresolvableValueError("unsupported condition function", expression);
    }
  }

  string(value: unknown): string {
    const resolved = this.value(value);
    if (typeof resolved !== "string") throw new UnresolvableValueError("not a string", value);
    return resolved;
  }

  private resource(logicalId: string): Resource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new UnresolvableValueError("no such resource or parameter", logicalId);
    return resource;
  }

  private intrinsic(name: string, argument: unknown): unknown {
    switch (name) {
      case "Ref":
        return this.ref(argument as string);
      case "Fn::GetAtt": {
        const [id, attribute] = argument as [string, string];
        if (attribute === "Arn") return this.arn(id);
        if (attribute === REF_NAME_PROPERTY[this.resource(id).Type] || attribute === "QueueName")
          return this.physicalName(id);
        throw new UnresolvableValueError("unsupported attribute", argument);
      }
      case "Fn::Join": {
        const [separator, parts] = argument as [string, unknown[]];
        return parts.map((p) => this.string(p)).join(separator);
      }
      case "Fn::Split": {
        const [separator, source] = argument as [string, unknown];
        return this.string(source).split(separator);
      }
      case "Fn::Select": {
        const [index, list] = argument as [number | string, unknown];
        const items = this.value(list);
        if (!Array.isArray(items)) throw new UnresolvableValueError("Fn::Select of a non-list", argument);
        // "Fn::Select does not check for null values or if the index is out of bounds of the array.
        // Both conditions will result in a stack error" (CloudFormation User Guide, "Fn::Select").
        const item = items[Number(index)];
        if (item === undefined || item === null)
          throw new UnresolvableValueError("Fn::Select selects nothing", { index, items });
        return item;
      }
      case "Fn::If": {
        const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
        return this.value(this.condition(condition) ? whenTrue : whenFalse);
      }
      case "Fn::Sub": {
        const [text, variables] = (typeof argument === "string" ? [argument, {}] : argument) as [
          string,
          Record<string, unknown>,
        ];
        return text.replace(/\$\{([^}!]+)\}/g, (_, variable: string) => {
          if (variable in variables) return this.string(variables[variable]);
          const [id, attribute] = variable.split(".");
          if (attribute) return this.string({ "Fn::GetAtt": [id, attribute] });
          return this.ref(variable);
        });
      }
      default:
        throw new UnresolvableValueError("unsupported intrinsic", { [name]: argument });
    }
  }
}
