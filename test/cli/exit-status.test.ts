import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AwsUnreadableError } from "../../cli/aws-failure";
import { EXIT } from "../../cli/exit-codes";
import { reportFailure } from "../../cli/exit-status";
import { main } from "../../cli/main";
import { UsageError } from "../../cli/usage-error";
import manifest from "../../package.json" with { type: "json" };
import { SettingsError } from "../../shared/settings";

/**
 * A fault in keysentry itself, where the scan would have read AWS. Test files share a worker's
 * modules (vitest `isolate: false`), so the mock is set on a fresh module registry for this file,
 * and the registry is dropped again after it.
 */
beforeAll(() => {
  vi.resetModules();
  vi.doMock("../../cli/scan", async (original) => ({
    ...(await original<typeof import("../../cli/scan")>()),
    scanAccount: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'KeyId')");
    },
  }));
});
afterAll(() => {
  vi.doUnmock("../../cli/scan");
  vi.resetModules();
});

function capture() {
  const err: string[] = [];
  return { io: { out: () => {}, err: (t: string) => err.push(t) }, err };
}

describe("exit status", () => {
  it("is 70 for keysentry's own fault, with one line and no stack", async () => {
    const { io, err } = capture();
    expect(await main(["scan", "--region", "eu-west-1"], io)).toBe(EXIT.INTERNAL);
    expect(err).toEqual([
      "keysentry: internal error: TypeError: Cannot read properties of undefined (reading 'KeyId') (run with --debug for the stack)",
    ]);
  });

  it("shows the stack of keysentry's own fault with --debug", async () => {
    const { io, err } = capture();
    expect(await main(["scan", "--region", "eu-west-1", "--debug"], io)).toBe(EXIT.INTERNAL);
    expect(err[0]).toBe(
      "keysentry: internal error: TypeError: Cannot read properties of undefined (reading 'KeyId')",
    );
    expect(err[1]).toMatch(/^TypeError: Cannot read properties/);
    expect(err[1]).toMatch(/\n\s+at /);
  });

  it.each([
    [new UsageError("--format must be one of table, json, csv"), EXIT.USAGE],
    [new SettingsError("dryRun", "expected boolean"), EXIT.USAGE],
    [new AwsUnreadableError("could not reach AWS"), EXIT.AWS_UNREADABLE],
    [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED", $metadata: {} }),
      EXIT.AWS_UNREADABLE,
    ],
    [new RangeError("Invalid array length"), EXIT.INTERNAL],
    ["a thrown string", EXIT.INTERNAL],
  ])("maps %o to %i", (error, code) => {
    const { err } = capture();
    expect(reportFailure(error, (t) => err.push(t), false)).toBe(code);
    expect(err).toHaveLength(1);
  });

  it("is listed in the help, code by code", async () => {
    const out: string[] = [];
    expect(await main(["help"], { out: (t) => out.push(t), err: () => {} })).toBe(EXIT.DONE);
    const help = out.join("\n").replace(/\s+/g, " ");
    expect(help).toContain(
      "Exit codes: 0 done, 1 a finding reached --fail-on, 2 usage or settings error, 3 AWS could not be read",
    );
    expect(help).toContain("70 internal error (run with --debug for the stack)");
  });

  it("answers --version and version with the package's version, exit 0", async () => {
    for (const argv of [["--version"], ["version"]]) {
      const out: string[] = [];
      expect(await main(argv, { out: (t) => out.push(t), err: () => {} })).toBe(EXIT.DONE);
      expect(out).toEqual([manifest.version]);
    }
  });
});
