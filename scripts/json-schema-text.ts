/** JSON Schema (as `z.toJSONSchema` writes it) in the words of the docs tables. */
import { SHARE } from "../shared/rules/expiry-ladder";
import { code } from "./markdown";

export interface JsonSchema {
  type?: string;
  enum?: readonly unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
  description?: string;
  anyOf?: readonly JsonSchema[];
}

const FORMATS: Record<string, string> = { email: "email address", uri: "URL", url: "URL" };

/** zod writes `startsWith` as a pattern: `^https:\/\/.*`. */
function startsWith(pattern: string): string | undefined {
  const match = /^\^((?:\\.|[^\\.*+?()[\]{}|^$])*)\.\*$/.exec(pattern);
  return match?.[1]?.replace(/\\(.)/g, "$1");
}

/** zod writes `z.int()` without bounds as the safe-integer range: no bound worth saying. */
const bound = (value: number | undefined) =>
  value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;

function range(schema: JsonSchema): string {
  const min = bound(schema.minimum);
  const max = bound(schema.maximum);
  const exclusiveMin = bound(schema.exclusiveMinimum);
  const exclusiveMax = bound(schema.exclusiveMaximum);
  if (min !== undefined && max !== undefined) return ` ${min}–${max}`;
  const parts = [
    exclusiveMin !== undefined ? `> ${exclusiveMin}` : min !== undefined ? `≥ ${min}` : undefined,
    exclusiveMax !== undefined ? `< ${exclusiveMax}` : max !== undefined ? `≤ ${max}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

/** Patterns worth a sentence rather than a regular expression. */
const PATTERNS: Record<string, string> = { [SHARE.source]: "percentage" };

function stringText(schema: JsonSchema, many: boolean): string {
  const named = schema.pattern && PATTERNS[schema.pattern];
  if (named) return `${plural(named, many)} of the validity period (${code("33%")})`;
  const format = schema.format && FORMATS[schema.format];
  if (format) return plural(format, many);
  const noun = plural("string", many);
  const prefix = schema.pattern && startsWith(schema.pattern);
  if (prefix !== undefined) return `${noun} starting with ${code(prefix)}`;
  if (schema.pattern) return `${noun} matching ${code(schema.pattern)}`;
  if (schema.minLength === 1) return `non-empty ${noun}`;
  return noun;
}

function plural(noun: string, many: boolean): string {
  if (!many) return noun;
  return noun.endsWith("s") ? `${noun}es` : `${noun}s`;
}

/** The type and allowed values of a schema: `integer 1–64`, `list of strings matching …`. */
export function typeText(schema: JsonSchema, many = false): string {
  if (schema.enum) return schema.enum.map((value) => code(String(value))).join(", ");
  if (schema.anyOf) return schema.anyOf.map((alternative) => typeText(alternative, many)).join(" or ");
  switch (schema.type) {
    case "boolean":
    case "integer":
    case "number":
      return `${plural(schema.type, many)}${range(schema)}`;
    case "string":
      return stringText(schema, many);
    case "array": {
      const items = schema.items ? typeText(schema.items, true) : "values";
      return `list of ${items}${schema.minItems ? `, at least ${schema.minItems}` : ""}`;
    }
    case "object":
      return plural("object", many);
    default:
      return "any value";
  }
}

/** A default as one writes it in the settings: strings bare, anything else as JSON. */
export function valueText(value: unknown): string {
  return code(typeof value === "string" ? value : JSON.stringify(value));
}
