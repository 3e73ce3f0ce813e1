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

/** Each list's first element not yet taken; skipping taken ones keeps the whole walk linear. */
class FirstUntaken<T> {
  private readonly lists = new Map<string, { items: T[]; next: number }>();

  constructor(private readonly taken: Set<T>) {}

  add(key: string, item: T) {
    const list = this.lists.get(key);
    if (list) list.items.push(item);
    else this.lists.set(key, { items: [item], next: 0 });
  }

  first(key: string): T | undefined {
    const list = this.lists.get(key);
    if (!list) return undefined;
    while (list.next < list.items.length && this.taken.has(list.items[list.next] as T)) list.next++;
    return list.items[list.next];
  }
}

/**
 * Statements are matched by Sid when they have one, otherwise by content. Each statement is
 * put in canonical form once and looked up by Sid and by that form, so two policies at the
 * 32 KB limit diff in time proportional to their size.
 */
export function diffKeyPolicies(
  before: PolicyDocument,
  after: PolicyDocument,
  context: TrustContext,
): PolicyDiff {
  const added: PolicyStatement[] = [];
  const changed: PolicyDiff["changed"] = [];
  const taken = new Set<PolicyStatement>();
  const content = new Map<PolicyStatement, string>();
  const bySid = new FirstUntaken(taken);
  const byContent = new FirstUntaken(taken);
  for (const statement of before.statements) {
    const form = withoutSid(statement);
    content.set(statement, form);
    if (statement.sid) bySid.add(statement.sid, statement);
    byContent.add(form, statement);
  }

  for (const statement of after.statements) {
    const form = withoutSid(statement);
    const match = (statement.sid ? bySid.first(statement.sid) : undefined) ?? byContent.first(form);
    if (!match) {
      added.push(statement);
      continue;
    }
    taken.add(match);
    if (content.get(match) !== form) changed.push({ before: match, after: statement });
  }
  const classes = (document: PolicyDocument) =>
    new Set(analyseKeyPolicy(document, context).grants.map((g) => g.class));
  const beforeClasses = classes(before);
  const afterClasses = classes(after);
  return {
    added,
    removed: before.statements.filter((statement) => !taken.has(statement)),
    changed,
    appearedClasses: [...afterClasses].filter((c) => !beforeClasses.has(c)),
    disappearedClasses: [...beforeClasses].filter((c) => !afterClasses.has(c)),
  };
}
