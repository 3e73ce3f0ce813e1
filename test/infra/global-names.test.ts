import { beforeAll, describe, expect, it } from "vitest";
import { type Template, TemplateResolver } from "./support/cloudformation";
import { synthesize } from "./support/synthesized";

const ACCOUNT = "222233334444";
const REGIONS = ["us-east-1", "eu-west-1"] as const;
let read: (stack: string) => Template;

beforeAll(() => {
  read = synthesize({ regions: REGIONS.join(",") });
}, 120_000);

/**
 * Resource types whose names are unique per region: the same name in another region is
 * another resource. Every type a member template uses must be here or in GLOBAL_NAMES, so a
 * new kind of resource is classified before it ships.
 */
const REGIONAL_TYPES = new Set([
  "AWS::CloudFormation::StackSet",
  "AWS::CloudWatch::Alarm",
  "AWS::Config::ConfigRule",
  "AWS::Config::ConfigurationAggregator",
  // A global table's replicas default to the stack's own region only.
  "AWS::DynamoDB::GlobalTable",
  "AWS::Events::Rule",
  "AWS::KMS::Alias",
  "AWS::KMS::Key",
  "AWS::Lambda::EventInvokeConfig",
  "AWS::Lambda::Function",
  "AWS::Lambda::Permission",
  "AWS::Logs::LogGroup",
  "AWS::S3::BucketPolicy",
  "AWS::SNS::Topic",
  "AWS::SNS::TopicPolicy",
  "AWS::SQS::Queue",
  "AWS::SQS::QueuePolicy",
  "AWS::SSM::Parameter",
]);

/**
 * Names that are unique in the whole account (IAM), or across all of AWS (S3 buckets): one
 * account with the stack in two regions needs a different name in each.
 */
const GLOBAL_NAMES: Record<string, (r: TemplateResolver, p: Record<string, unknown>) => string[]> = {
  "AWS::IAM::Role": (r, p) => named(r, "role", p.RoleName),
  "AWS::IAM::ManagedPolicy": (r, p) => named(r, "managed-policy", p.ManagedPolicyName),
  "AWS::IAM::InstanceProfile": (r, p) => named(r, "instance-profile", p.InstanceProfileName),
  "AWS::IAM::User": (r, p) => named(r, "user", p.UserName),
  "AWS::IAM::Group": (r, p) => named(r, "group", p.GroupName),
  "AWS::S3::Bucket": (r, p) => named(r, "bucket", p.BucketName),
  // An inline policy's name is unique only within the role, user or group it belongs to.
  "AWS::IAM::Policy": (r, p) =>
    [p.Roles, p.Users, p.Groups]
      .flatMap((principals) => (principals ?? []) as unknown[])
      .map((principal) => `inline-policy:${r.string(principal)}/${r.string(p.PolicyName)}`),
  "AWS::IAM::RolePolicy": (r, p) => [`inline-policy:${r.string(p.RoleName)}/${r.string(p.PolicyName)}`],
};
const named = (r: TemplateResolver, kind: string, name: unknown) =>
  name === undefined ? [] : [`${kind}:${r.string(name)}`];

/** Every global name one stack instance claims, by the logical id of the resource that claims it. */
function globalNames(template: Template, region: string): Map<string, string[]> {
  const resolver = new TemplateResolver(template, { account: ACCOUNT, region });
  const names = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const global = GLOBAL_NAMES[resource.Type];
    if (!global) {
      expect(REGIONAL_TYPES, `${resource.Type} is neither regional nor global here`).toContain(resource.Type);
      continue;
    }
    names.set(id, global(resolver, resource.Properties ?? {}));
  }
  return names;
}

const declaredGlobalNames = (template: Template) =>
  Object.entries(template.Resources).filter(([, r]) =>
    ["RoleName", "ManagedPolicyName", "InstanceProfileName", "UserName", "GroupName", "BucketName"].some(
      (p) => r.Properties?.[p] !== undefined,
    ),
  );

describe.each(["KeysentryMember", "KeysentryStackSetMember"])("%s in two regions of one account", (stack) => {
  it("claims no global name twice, and every global name carries the region", () => {
    const template = read(stack);
    const [first, second] = REGIONS.map((region) => globalNames(template, region)) as [
      Map<string, string[]>,
      Map<string, string[]>,
    ];
    const firstNames = [...first.values()].flat();
    const secondNames = new Set([...second.values()].flat());
    expect(firstNames.filter((name) => secondNames.has(name))).toEqual([]);
    for (const [id, names] of first) {
      for (const [i, name] of names.entries()) {
        const other = second.get(id)?.[i];
        expect(other, id).not.toBe(name);
        expect(name, id).toContain(REGIONS[0]);
        expect(other, id).toContain(REGIONS[1]);
      }
    }
    // The test means something only while the stack names global resources itself.
    expect(declaredGlobalNames(template).length).toBeGreaterThan(0);
  });

  it("names the remediation role within IAM's 64 characters, and tells kms-events (the loop guard) its ARN", () => {
    const template = read(stack);
    const [roleId] = declaredGlobalNames(template).find(([, r]) => r.Type === "AWS::IAM::Role") ?? [];
    expect(roleId).toBeDefined();
    const kmsEvents = Object.values(template.Resources).find(
      (r) => r.Type === "AWS::Lambda::Function" && r.Properties?.FunctionName === "keysentry-kms-events",
    );
    // The longest region codes today have 14 or 15 characters.
    for (const region of [...REGIONS, "ap-southeast-5", "us-isof-south-1"]) {
      const resolver = new TemplateResolver(template, { account: ACCOUNT, region });
      const roleName = resolver.physicalName(roleId!);
      expect(roleName).toBe(`keysentry-remediation-${region}`);
      expect(roleName.length).toBeLessThanOrEqual(64);
      const variables = resolver.value(kmsEvents?.Properties?.Environment) as {
        Variables: Record<string, string>;
      };
      expect(variables.Variables.KEYSENTRY_REMEDIATION_ROLE_ARN).toBe(resolver.arn(roleId!));
    }
  });
});

describe("asset buckets of the organization roll-out", () => {
  it("one bucket per region, named for its region", () => {
    const names = REGIONS.map((region) =>
      [...globalNames(read(`KeysentryAssets-${region}`), region).values()].flat(),
    );
    expect(names[0]).toEqual([expect.stringContaining("bucket:keysentry-assets-111111111111-us-east-1")]);
    expect(names[1]).toEqual([expect.stringContaining("bucket:keysentry-assets-111111111111-eu-west-1")]);
  });
});

describe("prefix", () => {
  it("refuses a prefix that would push a global name past its length limit in some region", () => {
    expect(() => synthesize({ prefix: "p".repeat(40) })).toThrow(/prefix/);
  });
});
