/**
 * The descriptions of the settings and of the rules' parameters: the JSDoc comment above each field
 * of their zod schemas, read from the source with the TypeScript compiler API. The schemas carry no
 * descriptions at run time (every function parses settings at cold start, and would ship the text);
 * `npm run docs` puts them in docs/configuration.md and docs/settings.schema.json.
 *
 * The reader knows a few shapes and throws on any other, rather than guess:
 * - `z.strictObject({ … })`, `z.object({ … })`, `z.looseObject({ … })`: each property assignment is a
 *   field, described by its JSDoc, its initializer a schema;
 * - `z.record(key, value)`: `value` describes any key, written `<id>` in a path;
 * - `channelSection("alerts")` (settings.ts): the schema of each channel that section turns on, from
 *   the `configured({ … settings: { section, key, schema } })` definitions in channels.ts;
 * - any other call: its receiver (`….check(…)`) and its arguments are looked into;
 * - an identifier: the initializer of the const of that name in the same file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const SHARED = new URL("../shared/", import.meta.url);
const SETTINGS_FILE = "settings/settings.ts";
const CHANNELS_FILE = "settings/channels.ts";
const RULES_DIR = "rules/";
/** The const whose initializer is the settings document's schema. */
const SETTINGS_ROOT = "settingsSchema";
const OBJECT_FACTORIES = new Set(["strictObject", "object", "looseObject"]);

interface Source {
  file: ts.SourceFile;
  /** The initializers of the file's top-level consts, by name. */
  consts: Map<string, ts.Expression>;
}

function read(relative: string): Source {
  const path = new URL(relative, SHARED);
  const file = ts.createSourceFile(
    fileURLToPath(path),
    readFileSync(path, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const consts = new Map<string, ts.Expression>();
  for (const statement of file.statements)
    if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const)
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name) && declaration.initializer)
          consts.set(declaration.name.text, declaration.initializer);
  return { file, consts };
}

function where(source: Source, node: ts.Node): string {
  const { line } = source.file.getLineAndCharacterOfPosition(node.getStart(source.file));
  return `shared/${source.file.fileName.split("/shared/")[1]}:${line + 1}`;
}

function fail(source: Source, node: ts.Node, problem: string): never {
  throw new Error(
    `${where(source, node)}: ${problem} (scripts/schema-comments.ts reads only the shapes it lists)`,
  );
}

/** The text of the JSDoc comment directly above a property, on one line. */
function jsDocText(source: Source, property: ts.Node): string | undefined {
  const docs = ts
    .getJSDocCommentsAndTags(property)
    .filter(ts.isJSDoc)
    .filter((doc) => doc.parent === property);
  if (docs.length === 0) return undefined;
  if (docs.length > 1) fail(source, property, "a field has more than one JSDoc comment");
  const [doc] = docs as [ts.JSDoc];
  if (doc.tags?.length) fail(source, property, "a field's JSDoc has tags; a description is plain text");
  const text = ts.getTextOfJSDocComment(doc.comment)?.replace(/\s+/g, " ").trim();
  return text || undefined;
}

function stringProperty(source: Source, object: ts.ObjectLiteralExpression, name: string): string {
  const value = property(source, object, name);
  if (!ts.isStringLiteral(value)) fail(source, value, `${name} is not a string literal`);
  return value.text;
}

function property(source: Source, object: ts.ObjectLiteralExpression, name: string): ts.Expression {
  for (const element of object.properties) {
    if (element.name && ts.isIdentifier(element.name) && element.name.text === name) {
      if (ts.isPropertyAssignment(element)) return element.initializer;
      if (ts.isShorthandPropertyAssignment(element)) return constant(source, element.name);
      fail(source, element, `${name} is neither \`${name}: …\` nor \`${name}\``);
    }
  }
  fail(source, object, `an object literal has no ${name}`);
}

function constant(source: Source, name: ts.Identifier): ts.Expression {
  const initializer = source.consts.get(name.text);
  if (!initializer) fail(source, name, `${name.text} is not a const of this file`);
  return initializer;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    node = node.expression;
  return node;
}

/** `z.name(…)` → "name"; `name(…)` → "name"; anything else (a method such as `.check`) → undefined. */
function factory(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "z"
  )
    return callee.name.text;
  return undefined;
}

type Comments = Map<string, string>;

class SchemaReader {
  private channels: Source | undefined;

  constructor(private readonly comments: Comments) {}

  /**
   * Records the description of every field of `expression`, a schema, under `path`. `strict`: the
   * expression must be a schema (a field's initializer); an argument of a call need not be one.
   */
  schema(source: Source, expression: ts.Expression, path: readonly string[], strict: boolean): void {
    const node = unwrap(expression);
    if (ts.isCallExpression(node)) this.call(source, node, path);
    else if (ts.isIdentifier(node) && source.consts.has(node.text))
      this.schema(source, constant(source, node), path, strict);
    // Not looked into: an argument that is no schema (a default, a bound), or an imported schema (a
    // rule's thresholdsSchema), which holds no field of this one; a field's schema must be readable.
    else if (strict) fail(source, node, `a schema written as ${node.getText(source.file)}`);
  }

  private call(source: Source, call: ts.CallExpression, path: readonly string[]): void {
    const name = factory(call);
    const [first, second] = call.arguments;
    if (name && OBJECT_FACTORIES.has(name)) {
      if (!first) fail(source, call, `z.${name}() without a shape`);
      this.shape(source, first, path);
    } else if (name === "record") {
      if (!second) fail(source, call, "z.record() without a value schema");
      this.schema(source, second, [...path, "<id>"], true);
    } else if (name === "channelSection") {
      if (!first || !ts.isStringLiteral(first))
        fail(source, call, "channelSection() of something but a string");
      this.channelSection(source, call, first.text, path);
    } else {
      // A method (`.check(…)`) is called on a schema; `z.anything(…)` or a helper of the file takes
      // schemas among other arguments (defaults, bounds, messages); a helper's body is not looked into.
      if (ts.isPropertyAccessExpression(call.expression) && !name)
        this.schema(source, call.expression.expression, path, true);
      for (const argument of call.arguments) this.schema(source, argument, path, false);
    }
  }

  private shape(source: Source, expression: ts.Expression, path: readonly string[]): void {
    let shape = unwrap(expression);
    if (ts.isIdentifier(shape)) shape = unwrap(constant(source, shape));
    if (!ts.isObjectLiteralExpression(shape))
      fail(source, shape, "an object schema's shape is not an object literal");
    for (const element of shape.properties) {
      if (
        !ts.isPropertyAssignment(element) ||
        !(ts.isIdentifier(element.name) || ts.isStringLiteral(element.name))
      )
        fail(source, element, "a field that is not `name: schema`");
      const fieldPath = [...path, element.name.text];
      const text = jsDocText(source, element);
      if (text !== undefined) this.record(source, element, fieldPath.join("."), text);
      this.schema(source, element.initializer, fieldPath, true);
    }
  }

  private channelSection(source: Source, call: ts.CallExpression, section: string, path: readonly string[]) {
    if (path.join(".") !== section) fail(source, call, `channelSection("${section}") is not at ${section}`);
    this.channels ??= read(CHANNELS_FILE);
    const channels = this.channels;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && factory(node) === "configured") {
        const [definition] = node.arguments;
        if (!definition || !ts.isObjectLiteralExpression(definition))
          fail(channels, node, "configured() of something but an object literal");
        const settings = unwrap(property(channels, definition, "settings"));
        if (!ts.isObjectLiteralExpression(settings))
          fail(channels, settings, "settings is not an object literal");
        if (stringProperty(channels, settings, "section") === section) {
          const key = stringProperty(channels, settings, "key");
          // A channel with no field of its own is described by the comment above its schema.
          const schema = settings.properties.find(
            (p) => p.name && ts.isIdentifier(p.name) && p.name.text === "schema",
          );
          const text = schema && jsDocText(channels, schema);
          if (schema && text) this.record(channels, schema, `${section}.${key}`, text);
          this.schema(channels, property(channels, settings, "schema"), [section, key], true);
        }
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(channels.file);
  }

  private record(source: Source, node: ts.Node, path: string, text: string): void {
    const known = this.comments.get(path);
    if (known !== undefined && known !== text) fail(source, node, `${path} is described twice, differently`);
    this.comments.set(path, text);
  }
}

/**
 * The description of each setting with a JSDoc comment, by dotted path (`dryRun`,
 * `sweep.concurrency`, `tickets.jira.baseUrl`, `rules.<id>.mode`).
 */
export function settingComments(): Map<string, string> {
  const source = read(SETTINGS_FILE);
  const root = source.consts.get(SETTINGS_ROOT);
  if (!root) throw new Error(`shared/${SETTINGS_FILE} has no const ${SETTINGS_ROOT}`);
  const comments: Comments = new Map();
  new SchemaReader(comments).schema(source, root, [], true);
  return comments;
}

/**
 * The description of each rule parameter with a JSDoc comment: rule id → parameter → text. A rule is
 * an object literal of shared/rules with an `id` string and `params` (inline, or the file's
 * `const params`).
 */
export function ruleParameterComments(): Map<string, Map<string, string>> {
  const rules = new Map<string, Map<string, string>>();
  const directory = new URL(RULES_DIR, SHARED);
  for (const name of readdirSync(directory)
    .filter((file) => file.endsWith(".ts"))
    .sort()) {
    const source = read(`${RULES_DIR}${name}`);
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node) && isRule(node)) {
        const id = stringProperty(source, node, "id");
        if (rules.has(id)) fail(source, node, `a second rule ${id}`);
        const comments: Comments = new Map();
        new SchemaReader(comments).schema(source, property(source, node, "params"), [], true);
        rules.set(id, comments);
      }
      ts.forEachChild(node, visit);
    };
    visit(source.file);
  }
  return rules;
}

function isRule(object: ts.ObjectLiteralExpression): boolean {
  const names = new Set(
    object.properties.map((element) => element.name && ts.isIdentifier(element.name) && element.name.text),
  );
  return names.has("id") && names.has("params");
}
