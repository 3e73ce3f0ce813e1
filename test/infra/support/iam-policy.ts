/**
 * Enough of IAM policy evaluation to ask "may this request happen?" of resolved identity and
 * resource policies: explicit deny wins, else some statement must allow (IAM User Guide,
 * "Policy evaluation logic"). Condition operators it does not know throw, so a policy cannot
 * pass a test by using something this evaluator ignores.
 */

export interface Statement {
  Effect: "Allow" | "Deny";
  Principal?: "*" | Record<string, string | string[]>;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Request {
  /** The calling role's ARN, for resource policies. */
  principal?: string;
  /** The calling AWS service's principal (`cloudwatch.amazonaws.com`), for resource policies. */
  service?: string;
  action: string;
  resource: string;
  /** Condition keys and their values in the request context. */
  context: Record<string, string>;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** IAM's wildcard match: `*` any run of characters, `?` any one, everything else case-sensitive. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

const actionMatches = (pattern: string, action: string) =>
  wildcardMatch(pattern.toLowerCase(), action.toLowerCase());

function principalMatches(principal: Statement["Principal"], request: Request): boolean {
  if (principal === undefined) return true; // identity policy: the principal is its role
  if (principal === "*") return true;
  if (request.service !== undefined)
    return principal.Service !== undefined && list(principal.Service).includes(request.service);
  const aws = principal.AWS;
  if (aws === undefined || request.principal === undefined) return false;
  return list(aws).some((p) => {
    if (p === "*") return true;
    const account = p.match(/^arn:aws:iam::(\d{12}):root$/)?.[1] ?? (/^\d{12}$/.test(p) ? p : undefined);
    return account ? request.principal?.split(":")[4] === account : p === request.principal;
  });
}

function conditionHolds(operator: string, key: string, expected: string[], context: Request["context"]) {
  const actual = context[key];
  const present = actual !== undefined;
  switch (operator) {
    case "StringEquals":
    case "ArnEquals":
      return present && expected.includes(actual);
    case "StringLike":
    case "ArnLike":
      return present && expected.some((e) => wildcardMatch(e, actual));
    case "Bool":
      return present && expected.map(String).includes(actual);
    default:
      throw new Error(`condition operator ${operator} is not understood by this evaluator`);
  }
}

function statementApplies(statement: Statement, request: Request): boolean {
  return (
    principalMatches(statement.Principal, request) &&
    list(statement.Action).some((a) => actionMatches(a, request.action)) &&
    list(statement.Resource).some((r) => wildcardMatch(r, request.resource)) &&
    Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, values]) =>
        conditionHolds(operator, key, list(values), request.context),
      ),
    )
  );
}

/** Whether one policy (a list of statements) allows the request: no applicable deny, some allow. */
export function allows(statements: Statement[], request: Request): boolean {
  const applicable = statements.filter((s) => statementApplies(s, request));
  return !applicable.some((s) => s.Effect === "Deny") && applicable.some((s) => s.Effect === "Allow");
}

/** Whether some statement of the policy explicitly denies the request. */
export function denies(statements: Statement[], request: Request): boolean {
  return statements.some((s) => s.Effect === "Deny" && statementApplies(s, request));
}
