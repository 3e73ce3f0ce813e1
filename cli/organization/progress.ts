import cliProgress from "cli-progress";
import type { ScanProgress } from "../../shared/engine";
import type { Io } from "../io";
import type { MemberAccount } from "./accounts";

/** What an organization scan shows while it runs: accounts done of all, those in flight, resources evaluated, time left. */
export interface OrganizationProgress {
  started(account: MemberAccount): void;
  evaluated(account: MemberAccount, region: string, progress: ScanProgress): void;
  ended(account: MemberAccount): void;
  stop(): void;
}

/** The accounts in flight, as few as a line holds. */
function inFlight(accounts: Set<string>): string {
  const ids = [...accounts];
  return ids.length <= 3 ? ids.join(", ") || "…" : `${ids.slice(0, 3).join(", ")} +${ids.length - 3}`;
}

/** Counts shared by both displays. */
class Counts {
  done = 0;
  evaluated = 0;
  readonly flying = new Set<string>();
}

/** A cli-progress bar on a terminal, like a single-account scan's, over accounts instead of resources. */
function liveBar(stream: NodeJS.WritableStream, total: number): OrganizationProgress {
  const counts = new Counts();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        "accounts {bar} {value}/{total} | {evaluated} resources evaluated | in flight: {flying} | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      // A scan the user interrupts must still end: no SIGINT handler of the library's own.
      gracefulExit: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { evaluated: 0, flying: "…" });
  const draw = () =>
    bar.update(counts.done, { evaluated: counts.evaluated, flying: inFlight(counts.flying) });
  return {
    started(account) {
      counts.flying.add(account.id);
      draw();
    },
    evaluated(_account, _region, progress) {
      if (progress.phase === "evaluating") counts.evaluated++;
      draw();
    },
    ended(account) {
      counts.flying.delete(account.id);
      counts.done++;
      draw();
    },
    stop: () => bar.stop(),
  };
}

/** A line per account ended, with the time left at the pace so far: for logs and pipes. */
function plainLines(io: Io, total: number, clock: () => number): OrganizationProgress {
  const counts = new Counts();
  const started = clock();
  return {
    started: (account) => void counts.flying.add(account.id),
    evaluated(_account, _region, progress) {
      if (progress.phase === "evaluating") counts.evaluated++;
    },
    ended(account) {
      counts.flying.delete(account.id);
      counts.done++;
      const left = total - counts.done;
      const seconds = Math.ceil((((clock() - started) / counts.done) * left) / 1000);
      io.err(
        `organization: ${counts.done}/${total} accounts (${account.id} done), ${counts.evaluated} resources evaluated` +
          (left > 0 ? `, in flight: ${inFlight(counts.flying)}, about ${seconds} s left` : ""),
      );
    },
    stop() {},
  };
}

/** Nothing with --quiet; a live bar when stderr is a terminal; plain lines otherwise. */
export function organizationProgress(
  io: Io,
  quiet: boolean,
  total: number,
  clock = () => performance.now(),
): OrganizationProgress | undefined {
  if (quiet) return undefined;
  if (io.stderrIsTty && io.errStream) return liveBar(io.errStream, total);
  return plainLines(io, total, clock);
}
