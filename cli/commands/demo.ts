import { alertSubject } from "../../shared/actions";
import { isTrouble } from "../../shared/model";
import { runDemo } from "../demo";
import { choice, parse, ruleIds } from "../flags";
import { FORMATS, type Format, formatFindings } from "../format";
import type { Io } from "../io";
import type { Replay } from "../replay";
import { summarize } from "../scan";

/** `now` is the day the sample account is shifted to; the README's excerpt passes a fixed one so it does not change daily. */
export async function demoCommand(args: string[], io: Io, now = new Date()): Promise<number> {
  const flags = parse(args);
  const format = choice(flags.format, [...FORMATS, "html"], "--format") as Format | "html";
  const started = performance.now();
  const rules = ruleIds(flags.rules);
  if (format === "html") {
    const html = (await import("../report")).htmlReport(now);
    const { seed, selections, report } = await runDemo(now, {
      rules,
      events: false,
      onSnapshot: html.onSnapshot,
    });
    io.out(
      html.render({
        findings: report.findings,
        regions: [seed.region],
        rules: selections.map((s) => s.rule),
      }),
    );
    return 0;
  }
  const { seed, selections, report, replays } = await runDemo(now, { rules, events: format === "table" });
  if (format !== "table") {
    io.out(formatFindings(report.findings, format, io.columns));
    return 0;
  }
  io.out(
    `keysentry demo: account ${seed.account} in ${seed.region} (events/sample-account.json), served on a local endpoint\n`,
  );
  const shown = flags.all ? report.findings : report.findings.filter((f) => isTrouble(f.status));
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
