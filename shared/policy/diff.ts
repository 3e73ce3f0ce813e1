import { analyseKeyPolicy, type GrantClass, type TrustContext } from "./analyse";
import type { PolicyDocument, PolicyStatement } from "./document";

export interface PolicyDiff {
  added: PolicyStatement[];
  removed: PolicyStatement[];
  changed: { before: PolicyStatement; after: PolicyStatement }[];
  /** Grant classes present after and not before (e.g. "public"). */
  appearedClasses: GrantClass[];
  disappearedClasses: GrantClass[];
}

/** JSON with sorted keys and sorted string lists, so reordering is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return `[${items.sort().join(",")}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function withoutSid(statement: PolicyStatement): string {
  const { Sid: _sid, ...rest } = statement.source;
  return canonical(rest);
}

/** Statements are matched by Sid when they have one, otherwise by content. */
export function diffKeyPolicies(
  before: PolicyDocument,
  after: PolicyDocument,
  context: TrustContext,
): PolicyDiff {
  const added: PolicyStatement[] = [];
  const changed: PolicyDiff["changed"] = [];
  const unmatched = new Set(before.statements);

  for (const statement of after.statements) {
    const bySid = statement.sid
      ? before.statements.find((b) => b.sid === statement.sid && unmatched.has(b))
      : undefined;
    const match =
      bySid ?? before.statements.find((b) => unmatched.has(b) && withoutSid(b) === withoutSid(statement));
    if (!match) {
      added.push(statement);
      continue;
    }
    unmatched.delete(match);
    if (withoutSid(match) !== withoutSid(statement)) changed.push({ before: match, after: statement });
  }

  const classes = (document: PolicyDocument) =>
    new Set(analyseKeyPolicy(document, context).grants.map((g) => g.class));
  const beforeClasses = classes(before);
  const afterClasses = classes(after);
  return {
    added,
    removed: [...unmatched],
    changed,
    appearedClasses: [...afterClasses].filter((c) => !beforeClasses.has(c)),
    disappearedClasses: [...beforeClasses].filter((c) => !afterClasses.has(c)),
  };
}
