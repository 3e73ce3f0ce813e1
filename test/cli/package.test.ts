/**
 * The package as a user gets it: `npm pack` (which builds the CLI through `prepare`), then the
 * tarball installed into an empty folder with no registry and an empty cache, then the
 * installed `keysentry` run from there, with nothing of this repository on its path.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;

/** What the CLI needs, and nothing else: the bundle, the report's assets, the demo's events. */
const SHIPPED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/cli\/[\w-]+\.mjs$/,
  /^dist\/cli\/assets\/report\.(html|css|js)$/,
  /^dist\/cli\/THIRD-PARTY-LICENSES\.txt$/,
  /^dist\/events\/(kms|acm)\/[\w-]+\.json$/,
];

let work: string;
let files: string[];
/** The tarball's size in bytes, as `npm pack` reports it. */
let tarball: number;
let bin: string;
/** A machine with no AWS set-up, no registry and no other packages. */
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "keysentry-package-"));
  const { stdout } = await run("npm", ["pack", "--json", "--loglevel=error", "--pack-destination", work], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as { filename: string; size: number; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
  tarball = packed!.size;

  const project = join(work, "project");
  await mkdir(project);
  env = {
    PATH: process.env.PATH,
    HOME: work,
    npm_config_cache: join(work, "npm-cache"),
    // Nothing listens on the discard port: any fetch fails at once rather than reaching a registry.
    npm_config_registry: "http://127.0.0.1:9/",
    npm_config_offline: "true",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", join(work, packed!.filename)], {
    cwd: project,
    env,
  });
  bin = join(project, "node_modules", ".bin", "keysentry");
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("holds exactly what the CLI needs", () => {
    expect(files.filter((path) => !SHIPPED.some((allowed) => allowed.test(path)))).toEqual([]);
    for (const needed of [
      "dist/cli/keysentry.mjs",
      "dist/cli/assets/report.html",
      "dist/events/kms/schedule-key-deletion.json",
    ])
      expect(files).toContain(needed);
  });

  it("is the size the README says, within a tenth", async () => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    const quoted = Number(/bundled CLI \(about (\d+) KB/.exec(readme)?.[1]);
    expect(Math.abs(tarball / 1000 - quoted) / quoted).toBeLessThan(0.1);
  });

  it("installs with no dependency to fetch", async () => {
    const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ keysentry: "dist/cli/keysentry.mjs" });
  });

  it("runs the demo from the installed folder", async () => {
    const { stdout } = await run(bin, ["demo"], { cwd: work, env, maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toContain("keysentry demo: account");
    // A sample event played through the bundled handlers raises its alert.
    expect(stdout).toMatch(
      /kms\/schedule-key-deletion\.json\s+\[keysentry CRITICAL\] kms-not-pending-deletion/,
    );
  }, 60_000);

  it("writes the HTML report from the bundled assets", async () => {
    const { stdout } = await run(bin, ["demo", "--format", "html"], {
      cwd: work,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toMatch(/^<!doctype html>/i);
    expect(stdout).toContain("Content-Security-Policy");
  }, 60_000);

  it("names its version", async () => {
    const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect((await run(bin, ["--version"], { cwd: work, env })).stdout).toBe(`${version}\n`);
  });

  it("prints the scan's help", async () => {
    const { stdout } = await run(bin, ["scan", "--help"], { cwd: work, env });
    expect(stdout).toContain("keysentry scan [options]");
    expect(stdout).toContain("--organization");
  });
});
