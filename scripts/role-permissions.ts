/** docs/deploy.md's "what each function may do": every role's trust and statements, read from the synthesized template. */
import { code, table } from "./markdown";
import { refersTo, type TemplateNames } from "./member-template";

interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Principal?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
interface PolicyDocument {
  Statement: Statement[];
}

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function conditions(names: TemplateNames, condition: Statement["Condition"]): string {
  return Object.entries(condition ?? {})
    .flatMap(([operator, tests]) =>
      Object.entries(tests).map(
        ([key, value]) =>
          `${code(key)} ${operator} ${list(value)
            .map((v) => code(names.value(v)))
            .join(", ")}`,
      ),
    )
    .join("<br>");
}

function principals(names: TemplateNames, principal: unknown): string[] {
  if (principal === "*") return ["anyone"];
  return Object.entries(principal as Record<string, unknown>).flatMap(([, value]) =>
    list(value).map((v) => code(names.value(v))),
  );
}

function trust(names: TemplateNames, document: PolicyDocument): string {
  return document.Statement.map((statement) => {
    const who = principals(names, statement.Principal).join(", ");
    const when = conditions(names, statement.Condition);
    return when ? `${who}, when ${when}` : who;
  }).join("<br>");
}

/** The policies attached to a role: its inline policies and the AWS::IAM::Policy resources naming it. */
function statementsOf(names: TemplateNames, roleId: string): Statement[] {
  const role = names.resources[roleId]!;
  const inline = ((role.Properties?.Policies ?? []) as { PolicyDocument: PolicyDocument }[]).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );
  const attached = names
    .ofType("AWS::IAM::Policy")
    .filter(([, policy]) => list(policy.Properties?.Roles).some((r) => refersTo(r, roleId)))
    .flatMap(
      ([, policy]) => (policy.Properties as { PolicyDocument: PolicyDocument }).PolicyDocument.Statement,
    );
  return [...inline, ...attached];
}

function managedPolicies(names: TemplateNames, roleId: string): string[] {
  return list(names.resources[roleId]!.Properties?.ManagedPolicyArns).map((arn) => {
    const name = names.value(arn);
    return `${code(name.slice(name.lastIndexOf("/") + 1))} (AWS managed)`;
  });
}

function actions(statement: Statement): string {
  if (statement.NotAction) return `all but ${list(statement.NotAction).map(code).join(", ")}`;
  return list(statement.Action).map(code).join(", ");
}

/** One row per statement, roles in template order; the role's trust and managed policies on its first row. */
export function rolePermissionsMarkdown(names: TemplateNames): string {
  const rows = names.ofType("AWS::IAM::Role").flatMap(([roleId, role]) => {
    const head = [
      code(names.name(roleId)),
      trust(names, role.Properties?.AssumeRolePolicyDocument as PolicyDocument),
    ];
    const managed = managedPolicies(names, roleId);
    const statements = statementsOf(names, roleId).map((statement) => [
      statement.Effect === "Deny" ? `**deny** ${actions(statement)}` : actions(statement),
      list(statement.Resource)
        .map((resource) => code(names.value(resource)))
        .join(", "),
      conditions(names, statement.Condition),
    ]);
    const body = managed.length > 0 ? [[managed.join(", "), "", ""], ...statements] : statements;
    return body.map((cells, i) => [...(i === 0 ? head : ["", ""]), ...cells]);
  });
  return table(["role", "assumed by", "may", "on", "when"], rows);
}
