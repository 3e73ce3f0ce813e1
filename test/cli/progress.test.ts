import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "../../cli/io";
import { progressDisplay } from "../../cli/progress";
import type { ScanProgress } from "../../shared/engine";

/** A stream that says it is a terminal, and keeps what was drawn on it. */
function terminal() {
  let drawn = "";
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        drawn += chunk.toString();
        done();
      },
    }),
    { isTTY: true, columns: 160 },
  );
  return { stream, drawn: () => drawn };
}

function io(overrides: Partial<Io> = {}) {
  const lines: string[] = [];
  return { io: { out: () => {}, err: (t: string) => lines.push(t), ...overrides }, lines };
}

const KEYS = "AWS::KMS::Key" as const;
const CERTIFICATES = "AWS::ACM::Certificate" as const;

function scan(onProgress: (region: string, p: ScanProgress) => void, keys: number, certificates: number) {
  onProgress("eu-west-1", { phase: "listing", resourceType: KEYS, done: keys, total: keys });
  onProgress("eu-west-1", {
    phase: "listing",
    resourceType: CERTIFICATES,
    done: certificates,
    total: certificates,
  });
  for (let done = 1; done <= keys; done++)
    onProgress("eu-west-1", { phase: "evaluating", resourceType: KEYS, done, total: keys });
  for (let done = 1; done <= certificates; done++)
    onProgress("eu-west-1", { phase: "evaluating", resourceType: CERTIFICATES, done, total: certificates });
}

describe("scan's progress", () => {
  it("shows nothing with --quiet, even on a terminal", () => {
    const { stream } = terminal();
    expect(progressDisplay(io({ stderrIsTty: true, errStream: stream }).io, true)).toBeUndefined();
  });

  it("draws a live bar on a terminal: evaluated of listed, what was listed, time left", () => {
    const { stream, drawn } = terminal();
    const { io: tty, lines } = io({ stderrIsTty: true, errStream: stream });
    const display = progressDisplay(tty, false)!;
    scan(display.onProgress, 30, 12);
    display.stop();
    expect(drawn()).toContain("eu-west-1");
    expect(drawn()).toContain("42/42 evaluated");
    expect(drawn()).toContain("listed 30 keys, 12 certificates");
    expect(drawn()).toContain("ETA");
    // The bar is the library's, drawn on the stream: no line goes through io.err.
    expect(lines).toEqual([]);
  });

  it("writes plain lines when stderr is not a terminal: listings, each tenth of a large listing, the end", () => {
    let clock = 0;
    const { io: pipe, lines } = io({ stderrIsTty: false });
    const display = progressDisplay(pipe, false, () => (clock += 10))!;
    scan(display.onProgress, 200, 5);
    expect(lines.slice(0, 2)).toEqual(["eu-west-1: listed 200 keys", "eu-west-1: listed 5 certificates"]);
    const keyLines = lines.filter((l) => l.includes("keys") && l.includes("evaluated"));
    expect(keyLines).toHaveLength(10);
    expect(keyLines[0]).toMatch(/^eu-west-1: evaluated 20\/200 keys, about \d+ s left$/);
    expect(keyLines.at(-1)).toBe("eu-west-1: evaluated 200/200 keys");
    // Five certificates take moments: only the last line.
    expect(lines.filter((l) => l.includes("certificates") && l.includes("evaluated"))).toEqual([
      "eu-west-1: evaluated 5/5 certificates",
    ]);
    expect(lines.join("")).not.toContain("\u001b");
  });
});
