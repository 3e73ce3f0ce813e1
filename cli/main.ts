import { readOnlyPolicy } from "../shared/engine";
import { isTrouble, SEVERITIES, type Severity } from "../shared/model";
import { CHANNELS, selectRules } from "../shared/settings";
import { EXIT, reportFailure } from "./exit-status";
import { choice, endpoint, parse, regions, ruleIds } from "./flags";
import { FORMATS, type Format, failing, formatFindings } from "./format";
import type { Io } from "./io";
import { formatMachine, isMachineFormat, MACHINE_FORMATS, type MachineFormat } from "./machine-formats";
import { progressDisplay } from "./progress";
import { type ScanReport, scanAccount, summarize } from "./scan";
import { loadSettings } from "./settings-file";
import { UsageError } from "./usage-error";

const HELP = `keysentry — compliance for AWS KMS keys and ACM certificates

Usage:
  keysentry scan [options]   evaluate every key and certificate of an account (read-only)
  keysentry demo [options]   the same scan against the embedded sample account, offline
  keysentry permissions      the read-only IAM policy that scan needs (honours --rules, --settings);
                             with --organization, the policy of who runs scan --organization;
                             with --security-hub, the one write scan --security-hub makes
  keysentry replay FILE      run one EventBridge event (JSON file) through the same handler Lambda runs
  keysentry help

Options (scan):
  --region R         region to scan; repeat for several (default: AWS_REGION)
  --profile P        named profile from the shared AWS config files
  --rules a,b        only these rule ids (default: every rule not set to "off")
  --settings FILE    settings document (default: $KEYSENTRY_SETTINGS, else built-in defaults)
  --endpoint URL     send every AWS call (KMS, ACM, ACM PCA, Tagging; STS and Organizations
                     with --organization) to an AWS-compatible endpoint
  --format F         table | json | csv | asff (Security Hub findings) | ocsf (OCSF 1.1.0
                     Compliance Findings) | html (a self-contained report with charts)
                     (default: table)
  --all              table: list compliant and not-applicable findings too
  --security-hub     also import the findings into Security Hub, each region's default product
                     (securityhub:BatchImportFindings; nothing else in the account is changed)
  --fail-on S        exit 1 when a finding is non-compliant or unreadable at severity S or above
                     (INFO, LOW, MEDIUM, HIGH, CRITICAL)
  --quiet            no progress on stderr
  --debug            on failure, the stack trace as well as the one-line reason

Options (scan --organization): every active account of the AWS Organization, from the
management or a delegated administrator account, through a read-only role in each
  --role-name R      the role to assume in each account (default: keysentry-audit)
  --external-id X    the external id the role's trust policy requires
  --accounts a,b     only these accounts (no Organizations call); --ou R only those under
                     these OUs or roots (repeat, or a,b), nested OUs included
  --exclude-accounts a,b   leave these accounts out
  --concurrency N    accounts scanned at once (default 8)

Options (replay):
  --endpoint URL, --region R, --profile P, --settings FILE, --debug   as for scan
  --account A        the account to replay in (default: the event's own)
  --remediation-role ARN   ignore events made by this role, as the deployed loop guard does
  --apply            let the remediations the settings turn on change the account; without it
                     replay only reads and says what it would remediate
  --dry-run          accepted for compatibility: replay is read-only unless --apply is given
  --format F         text | json (json: exactly what the handler returns)

AWS_MAX_ATTEMPTS sets the attempts per AWS call (default 5).

Exit codes: 0 done, 1 a finding reached --fail-on, 2 usage or settings error,
3 AWS could not be read (credentials refused, endpoint unreachable, timed out, throttled out,
an answer that is not the AWS protocol), 70 internal error (run with --debug for the stack).`;

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  columns: process.stdout.columns,
  stderrIsTty: process.stderr.isTTY,
  errStream: process.stderr,
};

async function scanCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  if (flags.help) {
    io.out(HELP);
    return 0;
  }
  const format = choice(flags.format, [...FORMATS, ...MACHINE_FORMATS, "html"], "--format") as
    | Format
    | MachineFormat
    | "html";
  const failOn = choice(flags["fail-on"], SEVERITIES, "--fail-on") as Severity | undefined;
  const scanned = regions(flags.region);
  if (scanned.length === 0) throw new UsageError("no region: pass --region or set AWS_REGION");
  const url = endpoint(flags.endpoint);
  const settings = await loadSettings(flags.settings);
  const selections = selectRules(settings, ruleIds(flags.rules));
  const now = new Date();
  // The report's module loads only for the report.
  const html = format === "html" ? (await import("./report")).htmlReport(now) : undefined;
  // The organization's clients (STS, Organizations) load only for an organization scan.
  if (flags.organization)
    return (await import("./organization/command")).organizationScanCommand(
      { flags, format, failOn, regions: scanned, endpoint: url, settings, selections, now, html },
      io,
    );
  const progress = progressDisplay(io, flags.quiet);
  let report: ScanReport;
  try {
    report = await scanAccount({
      regions: scanned,
      selections,
      exemptionTags: settings.exemptionTags,
      endpoint: url,
      profile: flags.profile,
      now,
      onProgress: progress?.onProgress,
      onSnapshot: html?.onSnapshot,
    });
  } finally {
    progress?.stop();
  }
  const shown =
    format === "table" && !flags.all ? report.findings.filter((f) => isTrouble(f.status)) : report.findings;
  if (format === "html")
    io.out(
      html!.render({ findings: report.findings, regions: scanned, rules: selections.map((s) => s.rule) }),
    );
  else if (isMachineFormat(format)) io.out(formatMachine(report.findings, format, now));
  else io.out(formatFindings(shown, format, io.columns));
  if (flags["security-hub"])
    await (await import("./security-hub")).importToSecurityHub(
      report.findings,
      { profile: flags.profile },
      now,
      io,
    );
  if (format === "table") io.out(`\n${summarize(report, selections.length)}`);
  else if (!flags.quiet) io.err(summarize(report, selections.length));
  return failOn && failing(report.findings, failOn).length > 0 ? EXIT.FINDINGS : EXIT.DONE;
}

/**
 * The Security Hub channel's statement from the channel registry, for a caller in any region of
 * the commercial partition: the account's default product, all `scan --security-hub` writes to.
 */
function securityHubImport() {
  const [statement] = CHANNELS.find((c) => c.id === "securityhub")?.permissions?.(undefined as never) ?? [];
  if (!statement) throw new Error("the channel registry has no Security Hub statement");
  return {
    Sid: statement.sid,
    Effect: "Allow",
    Action: [...statement.actions],
    Resource: statement.resources.map((r) =>
      r.replaceAll("{partition}", "aws").replaceAll("{region}", "*").replaceAll("{account}", "*"),
    ),
  };
}

async function permissionsCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  const selections = selectRules(await loadSettings(flags.settings), ruleIds(flags.rules));
  const rules = selections.map((s) => s.rule);
  const policy = flags.organization
    ? (await import("./organization/permissions")).organizationCallerPolicy(rules, flags["role-name"])
    : readOnlyPolicy(rules);
  const statements: object[] = [...policy.Statement];
  if (flags["security-hub"]) statements.push(securityHubImport());
  io.out(JSON.stringify({ ...policy, Statement: statements }, null, 2));
  return 0;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "scan":
        return await scanCommand(rest, io);
      // Replay and the demo load the handlers and their clients; scan and permissions need none of them.
      case "demo":
        return await (await import("./commands/demo")).demoCommand(rest, io);
      case "permissions":
        return await permissionsCommand(rest, io);
      case "replay":
        return await (await import("./commands/replay")).replayCommand(rest, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(HELP);
        return command === undefined ? EXIT.USAGE : EXIT.DONE;
      default:
        throw new UsageError(`unknown command "${command}"; try "keysentry help"`);
    }
  } catch (error) {
    // Read from argv, not the parsed flags: a flag that fails to parse is worth a stack too.
    return reportFailure(error, io.err, rest.includes("--debug"));
  }
}
