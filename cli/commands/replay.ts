import { readFile } from "node:fs/promises";
import { EvaluationIncompleteError } from "../../shared/pipeline";
import { AwsUnreadableError, CREDENTIAL_ERRORS, explainAwsFailure, FailedCalls } from "../aws-failure";
import { EXIT } from "../exit-codes";
import { choice, endpoint, parseWithFiles, regions } from "../flags";
import type { Io } from "../io";
import { formatReplay, type Replay, type ReplayOptions, replayEvent } from "../replay";
import { loadSettings } from "../settings-file";
import { UsageError } from "../usage-error";

/** Finding codes that mean the one resource replayed could not be read at all. */
function unreadable(replay: Replay): string | undefined {
  return replay.result.findings
    .map((f) => (f.evidence.failure as { code?: string } | undefined)?.code ?? "")
    .find((code) => CREDENTIAL_ERRORS.has(code) || code === "SyntaxError");
}

/**
 * The handler turns read failures into findings, or into EvaluationIncompleteError when they
 * may pass; either way only the code survives. The watched clients keep the SDK error, which
 * says what to check.
 */
async function replayReadable(event: unknown, options: ReplayOptions): Promise<Replay> {
  const failed = new FailedCalls();
  const target = { region: options.region, endpoint: options.endpoint };
  const unreadableBecause = (code: string) => {
    const failure = failed.latest(code);
    const line = explainAwsFailure(failure, target, failed.operationOf(failure));
    return new AwsUnreadableError(line ?? `could not read the event's resource (${code})`, {
      cause: failure,
    });
  };
  let replay: Replay;
  try {
    replay = await replayEvent(event, { ...options, watch: (client) => failed.watch(client) });
  } catch (error) {
    throw error instanceof EvaluationIncompleteError ? unreadableBecause(error.code) : error;
  }
  const code = unreadable(replay);
  if (code) throw unreadableBecause(code);
  return replay;
}

export async function replayCommand(args: string[], io: Io): Promise<number> {
  const { values: flags, positionals } = parseWithFiles(args, 1);
  const format = choice(
    flags.format === "table" ? "text" : flags.format,
    ["text", "json"] as const,
    "--format",
  );
  const region = flags.region ? regions(flags.region)[0] : undefined;
  const url = endpoint(flags.endpoint);
  const file = positionals[0]!;
  let event: unknown;
  try {
    event = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read event ${file}: ${(error as Error).message}`);
  }
  const settings = await loadSettings(flags.settings);
  // The handler runs with the user's own, often administrator, credentials: it writes only
  // with consent. Settings that say dryRun keep their word even then.
  const readOnly = !flags.apply && !settings.dryRun;
  const replay = await replayReadable(event, {
    settings: flags.apply ? settings : { ...settings, dryRun: true },
    account: flags.account,
    region,
    endpoint: url,
    profile: flags.profile,
    remediationRoleArn: flags["remediation-role"],
  });
  io.out(format === "json" ? JSON.stringify(replay.result, null, 2) : formatReplay(replay, { readOnly }));
  return EXIT.DONE;
}
