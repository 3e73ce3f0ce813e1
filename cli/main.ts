import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { alertSubject } from "../shared/actions";
import { readOnlyPolicy } from "../shared/engine";
import { InvalidEventError } from "../shared/events";
import { SEVERITIES, type Severity } from "../shared/model";
import { UnknownRuleError } from "../shared/rules";
import { SettingsError, selectRules } from "../shared/settings";
import { runDemo } from "./demo";
import { FORMATS, type Format, failing, formatFindings } from "./format";
import { formatReplay, type Replay, replayEvent } from "./replay";
import { scanAccount, summarize } from "./scan";
import { loadSettings } from "./settings-file";
import { UsageError } from "./usage-error";

const HELP = `keysentry — compliance for AWS KMS keys and ACM certificates

Usage:
  keysentry scan [options]   evaluate every key and certificate of an account (read-only)
  keysentry demo [options]   the same scan against the embedded sample account, offline
  keysentry permissions      the read-only IAM policy that scan needs (honours --rules, --settings)
  keysentry replay FILE      run one EventBridge event (JSON file) through the same handler Lambda runs
  keysentry help

Options (scan):
  --region R         region to scan; repeat for several (default: AWS_REGION)
  --profile P        named profile from the shared AWS config files
  --rules a,b        only these rule ids (default: every rule not set to "off")
  --settings FILE    settings document (default: $KEYSENTRY_SETTINGS, else built-in defaults)
  --endpoint URL     send KMS and ACM calls to an AWS-compatible endpoint
  --format F         table | json | csv (default: table)
  --all              table: list compliant and not-applicable findings too
  --fail-on S        exit 1 when a finding is non-compliant or unreadable at severity S or above
                     (INFO, LOW, MEDIUM, HIGH, CRITICAL)
  --quiet            no progress on stderr

Options (replay):
  --endpoint URL, --region R, --profile P, --settings FILE   as for scan
  --account A        the account to replay in (default: the event's own)
  --remediation-role ARN   ignore events made by this role, as the deployed loop guard does
  --dry-run          never remediate, whatever the settings say
  --format F         text | json (json: exactly what the handler returns)

Exit codes: 0 done, 1 a finding reached --fail-on, 2 usage, settings or credential error.`;

const OPTIONS = {
  region: { type: "string", multiple: true },
  profile: { type: "string" },
  rules: { type: "string" },
  settings: { type: "string" },
  endpoint: { type: "string" },
  format: { type: "string", default: "table" },
  all: { type: "boolean", default: false },
  "fail-on": { type: "string" },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  account: { type: "string" },
  "dry-run": { type: "boolean", default: false },
  "remediation-role": { type: "string" },
} as const;

/** Errors that mean "fix your credentials", not "this resource is unreadable". */
const CREDENTIAL_ERRORS = new Set([
  "CredentialsProviderError",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "InvalidClientTokenId",
]);

/** Thrown out of a listing call, AccessDenied too means the caller cannot scan at all. */
const CALLER_ERRORS = new Set([...CREDENTIAL_ERRORS, "AccessDeniedException"]);

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  columns?: number;
  stderrIsTty?: boolean;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  columns: process.stdout.columns,
  stderrIsTty: process.stderr.isTTY,
};

function parse(args: string[]) {
  return parseWithFiles(args, 0).values;
}

function parseWithFiles(args: string[], files: number) {
  try {
    const parsed = parseArgs({ args, options: OPTIONS, allowPositionals: files > 0, strict: true });
    if (parsed.positionals.length !== files)
      throw new Error(`expected ${files} file argument${files === 1 ? "" : "s"}`);
    return parsed;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function choice<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  const upper = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!upper) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}; got "${value}"`);
  return upper;
}

function splitRules(value: string | undefined): string[] | undefined {
  return value
    ?.split(",")
    .map((id) => id.trim())
    .filter(Boolean);
}

function progressPrinter(io: Io, quiet: boolean) {
  if (quiet) return undefined;
  const last = new Map<string, string>();
  return (region: string, p: { phase: string; resourceType: string; done: number; total: number }) => {
    const kind = p.resourceType === "AWS::KMS::Key" ? "keys" : "certificates";
    const text =
      p.phase === "listing"
        ? `${region}: listed ${p.done} ${kind}`
        : `${region}: evaluated ${p.done}/${p.total} ${kind}`;
    const key = `${region}|${kind}|${p.phase}`;
    const finished = p.phase === "listing" || p.done === p.total;
    if (io.stderrIsTty) io.err(`\u001b[1A\u001b[2K${text}`);
    else if (finished && last.get(key) !== text) io.err(text);
    last.set(key, text);
  };
}

async function scanCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  if (flags.help) {
    io.out(HELP);
    return 0;
  }
  const format = choice(flags.format, FORMATS, "--format") as Format;
  const failOn = choice(flags["fail-on"], SEVERITIES, "--fail-on") as Severity | undefined;
  const regions = flags.region?.length
    ? flags.region
    : [process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION].filter((r): r is string => !!r);
  if (regions.length === 0) throw new UsageError("no region: pass --region or set AWS_REGION");
  const settings = await loadSettings(flags.settings);
  const selections = selectRules(settings, splitRules(flags.rules));
  const onProgress = progressPrinter(io, flags.quiet);
  if (onProgress && io.stderrIsTty) io.err("");
  const report = await scanAccount({
    regions,
    selections,
    endpoint: flags.endpoint,
    profile: flags.profile,
    now: new Date(),
    onProgress,
  });
  const shown =
    format === "table" && !flags.all
      ? report.findings.filter((f) => f.status === "NON_COMPLIANT" || f.status === "ERROR")
      : report.findings;
  io.out(formatFindings(shown, format, io.columns));
  if (format === "table") io.out(`\n${summarize(report, selections.length)}`);
  else if (!flags.quiet) io.err(summarize(report, selections.length));
  return failOn && failing(report.findings, failOn).length > 0 ? 1 : 0;
}

async function permissionsCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  const selections = selectRules(await loadSettings(flags.settings), splitRules(flags.rules));
  io.out(JSON.stringify(readOnlyPolicy(selections.map((s) => s.rule)), null, 2));
  return 0;
}

async function replayCommand(args: string[], io: Io): Promise<number> {
  const { values: flags, positionals } = parseWithFiles(args, 1);
  const format = choice(
    flags.format === "table" ? "text" : flags.format,
    ["text", "json"] as const,
    "--format",
  );
  const file = positionals[0]!;
  let event: unknown;
  try {
    event = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read event ${file}: ${(error as Error).message}`);
  }
  const settings = await loadSettings(flags.settings);
  const replay = await replayEvent(event, {
    settings: flags["dry-run"] ? { ...settings, dryRun: true } : settings,
    account: flags.account,
    region: flags.region?.[0],
    endpoint: flags.endpoint,
    profile: flags.profile,
    remediationRoleArn: flags["remediation-role"],
  });
  const refused = replay.result.findings
    .map((f) => (f.evidence.failure as { code?: string; message?: string } | undefined) ?? {})
    .find((failure) => CREDENTIAL_ERRORS.has(failure.code ?? ""));
  if (refused) throw new UsageError(`AWS refused the credentials (${refused.code}): ${refused.message}`);
  io.out(format === "json" ? JSON.stringify(replay.result, null, 2) : formatReplay(replay));
  return 0;
}

async function demoCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  const format = choice(flags.format, FORMATS, "--format") as Format;
  const started = performance.now();
  const { seed, selections, report, replays } = await runDemo(new Date(), splitRules(flags.rules));
  if (format !== "table") {
    io.out(formatFindings(report.findings, format, io.columns));
    return 0;
  }
  io.out(
    `keysentry demo: account ${seed.account} in ${seed.region} (events/sample-account.json), served on a local endpoint\n`,
  );
  const shown = flags.all
    ? report.findings
    : report.findings.filter((f) => f.status === "NON_COMPLIANT" || f.status === "ERROR");
  io.out(formatFindings(shown, format, io.columns));
  io.out(`\n${summarize(report, selections.length)}`);
  io.out(`\nThe sample events (events/kms, events/acm) through the event handlers, in dry run:\n`);
  for (const { file, replay } of replays) io.out(demoLine(file, replay));
  io.out(
    `\n${((performance.now() - started) / 1000).toFixed(1)} s. \`npx keysentry demo --all\` lists every finding; \`npx keysentry replay FILE\` shows one event in full.`,
  );
  return 0;
}

/** One line per sample event: what it raised, or why it was ignored. */
function demoLine(file: string, { result, alerts }: Replay): string {
  const name = file.padEnd(46);
  if (result.ignored.length > 0) return `${name} ignored: ${result.ignored[0]!.reason}`;
  if (result.findings.every((f) => f.evidence.deleted))
    return `${name} no alert: the resource no longer exists`;
  if (alerts.length === 0)
    return `${name} no alert: ${result.findings.length} findings, none needs attention`;
  return alerts.map((alert, i) => `${i === 0 ? name : " ".repeat(46)} ${alertSubject(alert)}`).join("\n");
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "scan":
        return await scanCommand(rest, io);
      case "demo":
        return await demoCommand(rest, io);
      case "permissions":
        return await permissionsCommand(rest, io);
      case "replay":
        return await replayCommand(rest, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"; try "keysentry help"`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof SettingsError ||
      error instanceof UnknownRuleError ||
      error instanceof InvalidEventError
    ) {
      io.err(`keysentry: ${error.message}`);
      return 2;
    }
    if (error instanceof Error && CALLER_ERRORS.has(error.name)) {
      io.err(`keysentry: AWS refused the credentials or permissions (${error.name}): ${error.message}`);
      return 2;
    }
    throw error;
  }
}
