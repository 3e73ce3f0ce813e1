import { EXIT } from "./exit-codes";
import { HELP } from "./help";
import type { Io } from "./io";
import { UsageError } from "./usage-error";

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  columns: process.stdout.columns,
  stderrIsTty: process.stderr.isTTY,
  errStream: process.stderr,
};

/**
 * Each command loads its modules when run, so `keysentry help` starts without the engine or the SDK.
 * Only two flags let a command write to an account: `replay --apply` (the remediations the settings
 * turn on) and `scan --security-hub` (BatchImportFindings); without them every command only reads.
 */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "scan":
        return await (await import("./commands/scan")).scanCommand(rest, io);
      case "demo":
        return await (await import("./commands/demo")).demoCommand(rest, io);
      case "permissions":
        return await (await import("./commands/permissions")).permissionsCommand(rest, io);
      case "preflight":
        return await (await import("./commands/preflight")).preflightCommand(rest, io);
      case "replay":
        return await (await import("./commands/replay")).replayCommand(rest, io);
      case "--version":
      case "version":
        // A chunk of its own: the manifest stays out of what `help` loads.
        io.out((await import("./version")).VERSION);
        return EXIT.DONE;
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
    return (await import("./exit-status")).reportFailure(error, io.err, rest.includes("--debug"));
  }
}
