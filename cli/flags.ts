import { parseArgs } from "node:util";
import { UsageError } from "./usage-error";

export const OPTIONS = {
  region: { type: "string", multiple: true },
  profile: { type: "string" },
  rules: { type: "string" },
  settings: { type: "string" },
  endpoint: { type: "string" },
  format: { type: "string", default: "table" },
  "security-hub": { type: "boolean", default: false },
  all: { type: "boolean", default: false },
  "fail-on": { type: "string" },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  debug: { type: "boolean", default: false },
  account: { type: "string" },
  apply: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
  "remediation-role": { type: "string" },
  organization: { type: "boolean", default: false },
  "role-name": { type: "string" },
  "external-id": { type: "string" },
  accounts: { type: "string" },
  ou: { type: "string", multiple: true },
  "exclude-accounts": { type: "string" },
  concurrency: { type: "string" },
  preflight: { type: "boolean", default: false },
} as const;

export function parseWithFiles(args: string[], files: number) {
  try {
    const parsed = parseArgs({ args, options: OPTIONS, allowPositionals: files > 0, strict: true });
    if (parsed.positionals.length !== files)
      throw new Error(`expected ${files} file argument${files === 1 ? "" : "s"}`);
    return parsed;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function parse(args: string[]) {
  return parseWithFiles(args, 0).values;
}

export function choice<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  const upper = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!upper) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}; got "${value}"`);
  return upper;
}

/** `--rules a,b`; given but naming no rule, it would evaluate nothing and pass. */
export function ruleIds(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new UsageError(`--rules names no rule ("${value}"); leave it out to run every rule`);
  return ids;
}

/** Region names are lowercase words and digits joined by hyphens: us-east-1, us-gov-west-1. */
const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

/** `--region`, else AWS_REGION or AWS_DEFAULT_REGION; each checked before any call is made. */
export function regions(flags: readonly string[] | undefined): string[] {
  const fromEnvironment = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  const source = flags?.length ? "--region" : process.env.AWS_REGION ? "AWS_REGION" : "AWS_DEFAULT_REGION";
  const named = flags?.length ? flags : fromEnvironment ? [fromEnvironment] : [];
  for (const region of named) {
    if (!REGION.test(region))
      throw new UsageError(`${source} "${region}" is not a region name (like us-east-1 or eu-central-2)`);
  }
  return [...named];
}

/** `--endpoint` and the SDK's endpoint variables: an http(s) URL, checked before any call is made. */
export function endpoint(flag: string | undefined): string | undefined {
  const given: [string, string | undefined][] = [
    ["--endpoint", flag],
    ["AWS_ENDPOINT_URL", process.env.AWS_ENDPOINT_URL],
    ["AWS_ENDPOINT_URL_KMS", process.env.AWS_ENDPOINT_URL_KMS],
    ["AWS_ENDPOINT_URL_ACM", process.env.AWS_ENDPOINT_URL_ACM],
    ["AWS_ENDPOINT_URL_ACM_PCA", process.env.AWS_ENDPOINT_URL_ACM_PCA],
  ];
  for (const [source, value] of given) {
    if (!value) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== "http:" && url?.protocol !== "https:")
      throw new UsageError(
        `${source} "${value}" is not an http(s) URL (like https://kms.eu-west-1.amazonaws.com)`,
      );
  }
  return flag;
}
