import { isTrouble, SEVERITIES, type Severity } from "../../shared/model";
import { EXIT } from "../exit-codes";
import { choice, endpoint, parse, regions, ruleIds } from "../flags";
import { FORMATS, type Format, failing, formatFindings } from "../format";
import { HELP } from "../help";
import type { Io } from "../io";
import { formatMachine, isMachineFormat, MACHINE_FORMATS, type MachineFormat } from "../machine-formats";
import { progressDisplay } from "../progress";
import { type ScanReport, scanAccount, summarize } from "../scan";
import { loadSettings, selectedRules } from "../settings-file";
import { UsageError } from "../usage-error";

export async function scanCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  if (flags.help) {
    io.out(HELP);
    return EXIT.DONE;
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
  const selections = selectedRules(settings, ruleIds(flags.rules));
  const now = new Date();
  // The report's module loads only for the report.
  const html = format === "html" ? (await import("../report")).htmlReport(now) : undefined;
  // The organization's clients (STS, Organizations) load only for an organization scan.
  if (flags.organization)
    return (await import("../organization/command")).organizationScanCommand(
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
    await (await import("../security-hub")).importToSecurityHub(
      report.findings,
      { profile: flags.profile, endpoint: url },
      now,
      io,
    );
  if (format === "table") io.out(`\n${summarize(report, selections.length)}`);
  else if (!flags.quiet) io.err(summarize(report, selections.length));
  return failOn && failing(report.findings, failOn).length > 0 ? EXIT.FINDINGS : EXIT.DONE;
}
