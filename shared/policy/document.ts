import { KeysentryError } from "../errors";
/** A key policy parsed into statements the analyser can reason about. */

export type PrincipalType = "AWS" | "Service" | "Federated" | "CanonicalUser";

export interface PrincipalEntry {
  type: PrincipalType;
  value: string;
}

export interface ConditionClause {
  /** The operator as written, e.g. "ForAnyValue:StringEqualsIfExists". */
  operator: string;
  /** The operator without set qualifier and IfExists suffix, e.g. "StringEquals". */
  base: string;
  set?: "ForAnyValue" | "ForAllValues";
  ifExists: boolean;
  /** As written; condition keys compare case-insensitively. */
  key: string;
  values: string[];
}

export interface PolicyStatement {
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  /** `"*"` (or `{"AWS": "*"}`) appears as an AWS entry with value "*". */
  principals: PrincipalEntry[];
  notPrincipal: boolean;
  actions: string[];
  notAction: boolean;
  /**
   * The Resource (or NotResource) patterns; undefined when the statement has neither, which
   * applies it to the key like `"*"` does.
   */
  resources?: string[];
  notResource: boolean;
  conditions: ConditionClause[];
  /** The statement as written, for diffs and evidence. */
  source: Record<string, unknown>;
}

export interface PolicyDocument {
  version?: string;
  statements: PolicyStatement[];
}

export class KeyPolicyParseError extends KeysentryError {
  override readonly name = "KeyPolicyParseError";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ["AWS", "Service", "Federated", "CanonicalUser"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, path: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item === "string") return item;
    if (typeof item === "number" || typeof item === "boolean") return String(item);
    throw new KeyPolicyParseError("expected a string or a list of strings", `${path}[${i}]`);
  });
}

function parsePrincipal(value: unknown, path: string): PrincipalEntry[] {
  if (value === "*") return [{ type: "AWS", value: "*" }];
  if (!isRecord(value)) throw new KeyPolicyParseError('expected "*" or an object of principal types', path);
  return Object.entries(value).flatMap(([type, ids]) => {
    const known = PRINCIPAL_TYPES.find((t) => t === type);
    if (!known) throw new KeyPolicyParseError(`unknown principal type "${type}"`, `${path}.${type}`);
    return stringList(ids, `${path}.${type}`).map((id) => ({ type: known, value: id.trim() }));
  });
}

function parseOperator(operator: string): Pick<ConditionClause, "base" | "set" | "ifExists"> {
  let rest = operator;
  let set: ConditionClause["set"];
  for (const qualifier of ["ForAnyValue", "ForAllValues"] as const) {
    if (rest.toLowerCase().startsWith(`${qualifier.toLowerCase()}:`)) {
      set = qualifier;
      rest = rest.slice(qualifier.length + 1);
    }
  }
  const ifExists = rest.toLowerCase().endsWith("ifexists") && rest.toLowerCase() !== "null";
  const base = ifExists ? rest.slice(0, -"IfExists".length) : rest;
  return { base, set, ifExists };
}

function parseConditions(value: unknown, path: string): ConditionClause[] {
  if (value === undefined) return [];
  if (!isRecord(value)) throw new KeyPolicyParseError("expected an object of condition operators", path);
  return Object.entries(value).flatMap(([operator, block]) => {
    if (!isRecord(block)) {
      throw new KeyPolicyParseError("expected an object of condition keys", `${path}.${operator}`);
    }
    const parsed = parseOperator(operator);
    return Object.entries(block).map(([key, values]) => ({
      operator,
      ...parsed,
      key,
      values: stringList(values, `${path}.${operator}.${key}`),
    }));
  });
}

function parseStatement(raw: unknown, index: number): PolicyStatement {
  const path = `Statement[${index}]`;
  if (!isRecord(raw)) throw new KeyPolicyParseError("expected an object", path);
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") {
    throw new KeyPolicyParseError('Effect must be "Allow" or "Deny"', `${path}.Effect`);
  }
  const hasPrincipal = raw.Principal !== undefined;
  const hasNotPrincipal = raw.NotPrincipal !== undefined;
  if (hasPrincipal === hasNotPrincipal) {
    throw new KeyPolicyParseError(
      "a key policy statement needs exactly one of Principal or NotPrincipal",
      path,
    );
  }
  const hasAction = raw.Action !== undefined;
  if (hasAction === (raw.NotAction !== undefined)) {
    throw new KeyPolicyParseError("a statement needs exactly one of Action or NotAction", path);
  }
  const hasResource = raw.Resource !== undefined;
  const hasNotResource = raw.NotResource !== undefined;
  if (hasResource && hasNotResource) {
    throw new KeyPolicyParseError("a statement takes at most one of Resource or NotResource", path);
  }
  return {
    index,
    sid: typeof raw.Sid === "string" && raw.Sid !== "" ? raw.Sid : undefined,
    effect,
    principals: hasPrincipal
      ? parsePrincipal(raw.Principal, `${path}.Principal`)
      : parsePrincipal(raw.NotPrincipal, `${path}.NotPrincipal`),
    notPrincipal: hasNotPrincipal,
    actions: hasAction
      ? stringList(raw.Action, `${path}.Action`)
      : stringList(raw.NotAction, `${path}.NotAction`),
    notAction: !hasAction,
    resources: hasResource
      ? stringList(raw.Resource, `${path}.Resource`)
      : hasNotResource
        ? stringList(raw.NotResource, `${path}.NotResource`)
        : undefined,
    notResource: hasNotResource,
    conditions: parseConditions(raw.Condition, `${path}.Condition`),
    source: raw,
  };
}

/** How explanations name a statement: its Sid when it has one, else its 1-based position. */
export function describeStatement(statement: PolicyStatement): string {
  return statement.sid ? `Statement "${statement.sid}"` : `Statement ${statement.index + 1}`;
}

/** Parses a key policy from its JSON text or an already-decoded object. */
export function parseKeyPolicy(policy: string | unknown): PolicyDocument {
  let decoded: unknown = policy;
  if (typeof policy === "string") {
    try {
      decoded = JSON.parse(policy);
    } catch (error) {
      throw new KeyPolicyParseError(`not valid JSON (${(error as Error).message})`, "$");
    }
  }
  if (!isRecord(decoded)) throw new KeyPolicyParseError("expected a JSON object", "$");
  const statements = decoded.Statement;
  if (statements === undefined) throw new KeyPolicyParseError("missing Statement", "$.Statement");
  const list = Array.isArray(statements) ? statements : [statements];
  return {
    version: typeof decoded.Version === "string" ? decoded.Version : undefined,
    statements: list.map(parseStatement),
  };
}
