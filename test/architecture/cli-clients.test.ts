/**
 * `keysentry help` loads no package: each command loads its own modules when run. `keysentry
 * scan` loads only the SDK clients a scan calls, `keysentry permissions` none: the handlers'
 * clients (SNS, DynamoDB, Lambda, CloudTrail, Config, SSM) belong to replay and the demo, and
 * preflight's (Config, CloudTrail, Lambda, Security Hub) to preflight.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** A relative specifier as Node and tsx resolve it here: a file, a .ts file, or a folder's index.ts. */
function fileOf(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  if (/\.(ts|js|json)$/.test(target)) return target.replace(/\.js$/, ".ts");
  return existsSync(`${target}.ts`) ? `${target}.ts` : join(target, "index.ts");
}

/** Every package a module loads before it runs: static imports, followed through our own files. */
function staticPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || file.endsWith(".json")) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    // `import type` is erased; `import(...)` loads later, on use.
    for (const [, specifier] of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gms)) {
      if (specifier!.startsWith(".")) visit(fileOf(file, specifier!));
      else packages.add(specifier!);
    }
  };
  visit(entry);
  return packages;
}

describe("the CLI", () => {
  it("starts with no package loaded: help is the entry point's own", () => {
    expect(
      [...staticPackages(resolve(ROOT, "cli/keysentry.ts"))].filter((p) => !p.startsWith("node:")),
    ).toEqual([]);
  });

  it("scan loads the KMS, ACM, ACM Private CA and Tagging API clients and no other", () => {
    const clients = [...staticPackages(resolve(ROOT, "cli/commands/scan.ts"))].filter((p) =>
      p.startsWith("@aws-sdk/client-"),
    );
    expect(clients.sort()).toEqual([
      "@aws-sdk/client-acm",
      "@aws-sdk/client-acm-pca",
      "@aws-sdk/client-kms",
      "@aws-sdk/client-resource-groups-tagging-api",
    ]);
  });

  it("permissions loads no SDK client: it prints a policy", () => {
    const packages = [...staticPackages(resolve(ROOT, "cli/commands/permissions.ts"))];
    expect(packages.filter((p) => p.startsWith("@aws-sdk/"))).toEqual([]);
  });

  it("preflight loads the Config, CloudTrail, Lambda and Security Hub clients and no other", () => {
    const clients = [...staticPackages(resolve(ROOT, "cli/commands/preflight.ts"))].filter((p) =>
      p.startsWith("@aws-sdk/client-"),
    );
    expect(clients.sort()).toEqual([
      "@aws-sdk/client-cloudtrail",
      "@aws-sdk/client-config-service",
      "@aws-sdk/client-lambda",
      "@aws-sdk/client-securityhub",
    ]);
  });

  it("would notice the replay command loaded up front", () => {
    const replay = [...staticPackages(resolve(ROOT, "cli/commands/replay.ts"))];
    expect(replay).toContain("@aws-sdk/client-cloudtrail");
  });
});
