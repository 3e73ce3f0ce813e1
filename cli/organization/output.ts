import { type Finding, isTrouble } from "../../shared/model";
import { type Format, formatCsv, formatFindings, formatTable } from "../format";
import type { Io } from "../io";
import { formatMachine, isMachineFormat, type MachineFormat } from "../machine-formats";
import type { AccountResult } from "./scan";
import { accountLabel } from "./unreadable";

/** Where each account's findings go as the account ends, and what closes the output. */
export interface FindingsWriter {
  account(result: AccountResult): void;
  end(): void;
}

export interface WriterOptions {
  /** Table: compliant and not-applicable findings too. */
  all: boolean;
  now: Date;
  /** The HTML page, drawn once every account has ended. */
  html?: (findings: Finding[]) => string;
}

/**
 * A JSON array written an account at a time: each account's array as the single-account
 * formatter writes it, without its brackets. The last account's elements wait for the next
 * one (or the end), which decides whether a comma follows them; the whole is the same text
 * the formatter would give for every finding at once.
 */
function jsonArray(io: Io, format: (findings: Finding[]) => string): FindingsWriter {
  let pending: string | undefined;
  let opened = false;
  return {
    account({ findings }) {
      if (findings.length === 0) return;
      const text = format(findings);
      const elements = text.slice(text.indexOf("\n") + 1, text.lastIndexOf("\n"));
      if (!opened) io.out("[");
      opened = true;
      if (pending !== undefined) io.out(`${pending},`);
      pending = elements;
    },
    end() {
      if (!opened) return io.out("[]");
      io.out(pending!);
      io.out("]");
    },
  };
}

/** CSV: the header once, then each account's rows. */
function csvRows(io: Io): FindingsWriter {
  let header = true;
  return {
    account({ findings }) {
      if (findings.length === 0) return;
      const text = formatCsv(findings);
      io.out(header ? text : text.slice(text.indexOf("\n") + 1));
      header = false;
    },
    end() {
      if (header) io.out(formatCsv([]));
    },
  };
}

/**
 * The table, one section per account: its heading names the account of every row below it. What
 * could not be read is one line per account or region with its reason, not an ERROR row per rule
 * (those stay in every other format, and in --fail-on).
 */
function tableSections(io: Io, all: boolean): FindingsWriter {
  return {
    account({ account, findings, failures }) {
      const unread = (f: Finding) =>
        failures.some(({ region }) => region === undefined || region === f.region);
      const read = findings.filter((f) => !unread(f));
      io.out(`\n== account ${accountLabel(account)}`);
      for (const { region, reason } of failures) {
        const errors = findings.filter((f) => region === undefined || f.region === region).length;
        io.out(
          `${region ?? "every region"}: not read, ${reason} (${errors} ERROR findings, one per rule${region ? "" : " and region"})`,
        );
      }
      const shown = all ? read : read.filter((f) => isTrouble(f.status));
      if (shown.length > 0) io.out(formatTable(shown, io.columns));
      else if (failures.length === 0) io.out("nothing needs attention");
      else if (read.length > 0) io.out("nothing else needs attention");
    },
    end() {},
  };
}

/** Findings collected for the page, which charts them all at once. */
function htmlPage(io: Io, render: (findings: Finding[]) => string): FindingsWriter {
  const findings: Finding[] = [];
  return {
    account: (result) => void findings.push(...result.findings),
    end: () => io.out(render(findings)),
  };
}

/** Every format through the single-account formatters, streamed an account at a time (HTML excepted). */
export function findingsWriter(
  format: Format | MachineFormat | "html",
  io: Io,
  options: WriterOptions,
): FindingsWriter {
  if (format === "html") return htmlPage(io, options.html!);
  if (format === "table") return tableSections(io, options.all);
  if (format === "csv") return csvRows(io);
  if (isMachineFormat(format))
    return jsonArray(io, (findings) => formatMachine(findings, format, options.now));
  return jsonArray(io, (findings) => formatFindings(findings, "json"));
}
