import { EXIT } from "../exit-codes";
import { choice, endpoint, parse, regions } from "../flags";
import { HELP } from "../help";
import type { Io } from "../io";
import { formatChecks, PREFLIGHT_FORMATS } from "../preflight/report";
import { runPreflight } from "../preflight/run";
import { UsageError } from "../usage-error";

/** Reads only: exit 1 when a check fails, 0 when none does (warnings included), 3 when AWS cannot be read. */
export async function preflightCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  if (flags.help) {
    io.out(HELP);
    return EXIT.DONE;
  }
  const format = choice(flags.format, PREFLIGHT_FORMATS, "--format")!;
  const checked = regions(flags.region);
  if (checked.length === 0) throw new UsageError("no region: pass --region or set AWS_REGION");
  const checks = await runPreflight({
    regions: checked,
    settingsPath: flags.settings,
    endpoint: endpoint(flags.endpoint),
    profile: flags.profile,
  });
  io.out(formatChecks(checks, format));
  return checks.some((c) => c.status === "fail") ? EXIT.FINDINGS : EXIT.DONE;
}
