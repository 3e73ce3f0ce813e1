import cliProgress from "cli-progress";
import type { ScanProgress } from "../shared/engine";
import type { ResourceType } from "../shared/model";
import type { Io } from "./io";

/** What `scan` shows while it runs, and the moment it is done (a live bar must let go of the terminal). */
export interface ProgressDisplay {
  onProgress: (region: string, progress: ScanProgress) => void;
  stop(): void;
}

const NAMES: Record<ResourceType, string> = {
  "AWS::KMS::Key": "keys",
  "AWS::ACM::Certificate": "certificates",
  "AWS::ACMPCA::CertificateAuthority": "private CAs",
};
const nameOf = (type: ResourceType) => NAMES[type] ?? type;

/** One region's counts: listed and evaluated, per resource type. */
class RegionCounts {
  readonly listed = new Map<ResourceType, number>();
  readonly evaluated = new Map<ResourceType, number>();

  record(p: ScanProgress): void {
    (p.phase === "listing" ? this.listed : this.evaluated).set(p.resourceType, p.done);
  }
  total = () => [...this.listed.values()].reduce((sum, n) => sum + n, 0);
  done = () => [...this.evaluated.values()].reduce((sum, n) => sum + n, 0);
  listing = () => [...this.listed].map(([type, n]) => `${n} ${nameOf(type)}`).join(", ");
}

/**
 * A bar per region on a terminal (cli-progress): resources evaluated of those listed, what was
 * listed, and the time left. Redrawn at most ten times a second, whatever the scan's pace.
 */
function liveBars(stream: NodeJS.WritableStream): ProgressDisplay {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format:
        "{region} {bar} {percentage}% | {value}/{total} evaluated | listed {listing} | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
      // The time left from the last 200 updates: resources take turns in bursts (throttling, retries).
      etaBuffer: 200,
      // A scan the user interrupts must still end: no SIGINT handler of the library's own.
      gracefulExit: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const regions = new Map<string, { counts: RegionCounts; bar: cliProgress.SingleBar }>();
  return {
    onProgress(region, progress) {
      let entry = regions.get(region);
      if (!entry) {
        entry = { counts: new RegionCounts(), bar: bars.create(0, 0, { region, listing: "…" }) };
        regions.set(region, entry);
      }
      entry.counts.record(progress);
      entry.bar.setTotal(entry.counts.total());
      entry.bar.update(entry.counts.done(), { region, listing: entry.counts.listing() || "…" });
    },
    stop: () => bars.stop(),
  };
}

/** Share of a type's resources between plain progress lines: a line at each tenth, and at the end. */
const STEP = 0.1;
const FEW = 100;

/**
 * Plain lines for logs and pipes: what each listing found, then evaluation at each tenth of a
 * resource type with the time left at the pace so far. No escape codes.
 */
function plainLines(io: Io, clock: () => number): ProgressDisplay {
  const started = new Map<string, number>();
  const reached = new Map<string, number>();
  return {
    onProgress(region, p) {
      const name = nameOf(p.resourceType);
      const key = `${region}|${p.resourceType}`;
      if (p.phase === "listing") {
        started.set(key, clock());
        io.err(`${region}: listed ${p.done} ${name}`);
        return;
      }
      // A small listing is evaluated in moments: only its last line is worth printing.
      if (p.done < p.total && p.total < FEW) return;
      const step = p.done === p.total ? 1 / STEP : Math.floor(p.done / p.total / STEP);
      if (step <= (reached.get(key) ?? 0)) return;
      reached.set(key, step);
      const line = `${region}: evaluated ${p.done}/${p.total} ${name}`;
      if (p.done === p.total) return io.err(line);
      const perResource = (clock() - (started.get(key) ?? clock())) / p.done;
      io.err(`${line}, about ${Math.ceil((perResource * (p.total - p.done)) / 1000)} s left`);
    },
    stop() {},
  };
}

/** Nothing with --quiet; a live bar when stderr is a terminal; plain lines otherwise. */
export function progressDisplay(
  io: Io,
  quiet: boolean,
  clock = () => performance.now(),
): ProgressDisplay | undefined {
  if (quiet) return undefined;
  if (io.stderrIsTty && io.errStream) return liveBars(io.errStream);
  return plainLines(io, clock);
}
