import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main";
import { SESSION_NAME } from "../../cli/organization/sessions";
import { type LocalAws, type SeedOrganization, startLocalAws } from "../../local-aws";
import { REGION_WIDE, readActions } from "../../shared/engine";
import type { Finding } from "../../shared/model";
import { RULES } from "../../shared/rules";
import { stubCliEnvironment } from "../support/cli-environment";
import { AUDIT_ROLE, MEMBERS, sampleOrganization, WORKLOADS_OU } from "../support/sample-organization";

const REGIONS = ["eu-west-1", "us-east-1"];
let now: Date;
let org: ReturnType<typeof sampleOrganization>;
let aws: LocalAws;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

/**
 * Runs the CLI on the CLI's clock set to `now`, the endpoints' clock, so relative times ("2 hours
 * ago") match between runs and the sessions' expiry is seen as the endpoint sets it.
 */
async function run(args: string[]) {
  const { io, out, err } = capture();
  vi.useFakeTimers({ toFake: ["Date"], now });
  const code = await main(args, io).finally(() => vi.useRealTimers());
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const regionFlags = REGIONS.flatMap((r) => ["--region", r]);
const scanOrganization = (...extra: string[]) =>
  run(["scan", "--organization", "--endpoint", aws.url, ...regionFlags, "--format", "json", ...extra]);

const sorted = (findings: readonly Finding[]) =>
  [...findings].sort(
    (a, b) =>
      a.region.localeCompare(b.region) ||
      a.resourceArn.localeCompare(b.resourceArn) ||
      a.ruleId.localeCompare(b.ruleId),
  );

/**
 * `keysentry scan` of one account, alone on an endpoint of its own: each seed in its region, or
 * in every region given (the endpoint's single account answers alike in every region).
 */
async function singleAccountScan(seeds: Parameters<typeof startLocalAws>[0]["seed"][], regions?: string[]) {
  const findings: Finding[] = [];
  for (const seed of seeds) {
    const alone = await startLocalAws({ seed, clock: () => now });
    try {
      const scanned = regions ?? [seed.region];
      const result = await run([
        "scan",
        "--endpoint",
        alone.url,
        ...scanned.flatMap((r) => ["--region", r]),
        "--format",
        "json",
        "--quiet",
      ]);
      expect(result.code).toBe(0);
      findings.push(...(JSON.parse(result.out) as Finding[]));
    } finally {
      await alone.close();
    }
  }
  return findings;
}

function member(id: string): SeedOrganization["Accounts"][number] {
  return org.organization.Accounts.find((a) => a.Id === id)!;
}

beforeEach(async () => {
  now = new Date(Date.now() + 12 * 3_600_000);
  org = sampleOrganization(now);
  aws = await startLocalAws({ ...org, clock: () => now });
  stubCliEnvironment();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await aws.close();
});

describe("keysentry scan --organization", () => {
  it("gives each account exactly the findings a scan of that account alone gives, and ERROR findings for the one it cannot enter", async () => {
    const { code, out, err } = await scanOrganization();
    expect(code).toBe(0);
    const findings = JSON.parse(out) as Finding[];
    const of = (account: string) => sorted(findings.filter((f) => f.account === account));

    expect(of(org.seed.account)).toEqual(sorted(await singleAccountScan([org.seed], REGIONS)));
    for (const id of [MEMBERS.production, MEMBERS.shared]) {
      const alone = await singleAccountScan(member(id).regions as never);
      expect(alone.length).toBeGreaterThan(0);
      expect(of(id)).toEqual(sorted(alone));
    }
    expect(new Set(of(MEMBERS.production).map((f) => f.region))).toEqual(new Set(REGIONS));

    const denied = of(MEMBERS.sandbox);
    expect(denied).toHaveLength(RULES.length * REGIONS.length);
    for (const finding of denied) {
      expect(finding.status).toBe("ERROR");
      expect(finding.annotation).toContain(`in account ${MEMBERS.sandbox} (Sandbox)`);
      expect(finding.annotation).toContain(`arn:aws:iam::${MEMBERS.sandbox}:role/${AUDIT_ROLE}`);
      expect(finding.evidence).toMatchObject({ failure: { operation: "AssumeRole", code: "AccessDenied" } });
    }
    expect(of(MEMBERS.closed)).toEqual([]);
    expect(err).toContain(`${MEMBERS.closed} (Closed): not scanned: SUSPENDED`);
    expect(err).toContain(`${MEMBERS.sandbox} (Sandbox): not read, could not assume`);
    expect(err).toMatch(/4 accounts scanned \(3 read, 1 not read\), 1 skipped/);
    expect(err).toMatch(/organization: 4\/4 accounts/);

    const sessions = aws.calls.filter((c) => c.operation === "AssumeRole");
    expect(sessions.map((c) => c.input.RoleSessionName)).toEqual(Array(3).fill(SESSION_NAME));
    // One session per account, whatever the regions; the management account reads with its own credentials.
    expect(sessions.map((c) => String(c.input.RoleArn)).sort()).toEqual(
      [MEMBERS.production, MEMBERS.sandbox, MEMBERS.shared].map(
        (a) => `arn:aws:iam::${a}:role/${AUDIT_ROLE}`,
      ),
    );
  });

  it("scans the accounts under an OU and its nested OUs, less the excluded, and passes the external id", async () => {
    for (const account of org.organization.Accounts)
      for (const role of account.roles ?? []) role.ExternalId = "ext-42";
    await aws.close();
    aws = await startLocalAws({ ...org, clock: () => now });
    const { code, out } = await scanOrganization("--ou", WORKLOADS_OU, "--external-id", "ext-42");
    expect(code).toBe(0);
    expect(new Set((JSON.parse(out) as Finding[]).map((f) => f.account))).toEqual(
      new Set([MEMBERS.production, MEMBERS.shared]),
    );
    const excluded = await scanOrganization(
      "--ou",
      WORKLOADS_OU,
      "--external-id",
      "ext-42",
      "--exclude-accounts",
      MEMBERS.shared,
    );
    expect(new Set((JSON.parse(excluded.out) as Finding[]).map((f) => f.account))).toEqual(
      new Set([MEMBERS.production]),
    );
  });

  it("turns a call an account denies into ERROR findings for it, goes on, and fails --fail-on on them", async () => {
    aws.faults.push({
      operation: "ListKeys",
      account: MEMBERS.shared,
      error: { code: "AccessDeniedException" },
    });
    const { code, out, err } = await scanOrganization("--fail-on", "CRITICAL");
    expect(code).toBe(1);
    const shared = (JSON.parse(out) as Finding[]).filter((f) => f.account === MEMBERS.shared);
    expect(shared.every((f) => f.status === "ERROR")).toBe(true);
    expect(shared[0]?.annotation).toContain("AWS denied ListKeys in eu-west-1");
    expect(err).toMatch(new RegExp(`${MEMBERS.shared} \\(Shared\\): not read`));
    expect(err).toMatch(/4 accounts scanned \(2 read, 2 not read\)/);

    // The table says it once per region (or account) with the reason, not once per rule.
    const table = (await scanOrganization("--format", "table")).out;
    const section = table.slice(table.indexOf(`== account ${MEMBERS.shared}`)).split("\n== account")[0]!;
    const regions = new Set(shared.map((f) => f.region));
    expect(section.match(/: not read, /g)).toHaveLength(regions.size);
    const inEuWest1 = shared.filter((f) => f.region === "eu-west-1").length;
    expect(section).toMatch(
      new RegExp(
        `eu-west-1: not read, AWS denied ListKeys in eu-west-1 .*\\(${inEuWest1} ERROR findings, one per rule\\)`,
      ),
    );
    expect(section).not.toMatch(/\bERROR\b\s+(CRITICAL|HIGH|MEDIUM|LOW|INFO)/);
    const sandbox = table.slice(table.indexOf(`== account ${MEMBERS.sandbox}`)).split("\n== account")[0]!;
    expect(sandbox).toMatch(
      /every region: not read, could not assume .* ERROR findings, one per rule and region\)/,
    );
  });

  it("notes under an account that its exemption tags were read one by one", async () => {
    aws.faults.push({
      operation: "GetResources",
      account: MEMBERS.production,
      error: { code: "AccessDeniedException" },
    });
    const { code, err } = await scanOrganization();
    expect(code).toBe(0);
    const lines = err.split("\n");
    const account = lines.findIndex((l) => l.startsWith(`${MEMBERS.production} (Production): `));
    expect(lines[account + 1]).toMatch(/^ {2}Exemption tags were read resource by resource in eu-west-1 /);
    expect(lines.filter((l) => l.includes("Exemption tags were read"))).toHaveLength(1);
  });

  it("exits 3 when no account can be read, and when the organization cannot be listed", async () => {
    const denied = await run([
      "scan",
      "--organization",
      "--endpoint",
      aws.url,
      "--region",
      "eu-west-1",
      "--accounts",
      MEMBERS.sandbox,
      "--quiet",
    ]);
    expect(denied.code).toBe(3);
    expect(denied.err).toContain("no account of the organization could be read");
    const unlisted = await scanOrganization("--ou", "ou-r00t-nowhere1");
    expect(unlisted.code).toBe(3);
    expect(unlisted.out).toBe("");
    expect(unlisted.err).toContain("ParentNotFoundException");
  });

  it("streams every format through the single-account formatters, the account on every finding", async () => {
    // The Workloads OU: two small accounts, one of them in two regions.
    const scan = (...flags: string[]) => scanOrganization("--quiet", "--ou", WORKLOADS_OU, ...flags);
    const json = JSON.parse((await scan()).out) as Finding[];
    const asff = JSON.parse((await scan("--format", "asff")).out) as { AwsAccountId: string }[];
    const ocsf = JSON.parse((await scan("--format", "ocsf")).out) as object[];
    expect(json.length).toBeGreaterThan(0);
    expect(asff.length).toBeGreaterThanOrEqual(json.length);
    expect(new Set(asff.map((r) => r.AwsAccountId))).toEqual(new Set([MEMBERS.production, MEMBERS.shared]));
    expect(ocsf).toHaveLength(json.length);
    const csv = (await scan("--format", "csv")).out.split("\n");
    expect(csv.filter((line) => line.startsWith("ruleId,"))).toHaveLength(1);
    expect(csv).toHaveLength(json.length + 1);
    const table = (await scanOrganization("--ou", WORKLOADS_OU, "--format", "table")).out;
    expect(table).toContain(`== account ${MEMBERS.production} (Production)`);
    expect(table).toMatch(/RESOURCE\s+RULE\s+STATUS/);
    expect(table).toMatch(/2 accounts scanned \(2 read, 0 not read\), 0 skipped/);
  });

  it("checks its flags before any call", async () => {
    for (const flags of [
      ["--role-name", "bad role"],
      ["--accounts", "12345"],
      ["--ou", "ou-x"],
      ["--concurrency", "0"],
      ["--external-id", "x"],
    ]) {
      expect((await scanOrganization(...flags)).code).toBe(2);
    }
    expect(aws.calls).toEqual([]);
  });
});

describe("keysentry permissions --organization", () => {
  it("prints the caller's policy: list the organization, assume the role by name, read its own account", async () => {
    const { code, out } = await run(["permissions", "--organization", "--role-name", "audit-reader"]);
    expect(code).toBe(0);
    const policy = JSON.parse(out) as { Statement: { Action: string | string[]; Resource: string }[] };
    expect(policy.Statement[0]!.Action).toEqual([
      "organizations:ListAccounts",
      "organizations:ListAccountsForParent",
      "organizations:ListChildren",
    ]);
    expect(policy.Statement[1]).toMatchObject({
      Action: "sts:AssumeRole",
      Resource: "arn:aws:iam::*:role/audit-reader",
    });
    // It reads as the sweep does, every region, never a resource by name (replay's reads).
    const single = JSON.parse((await run(["permissions"])).out) as { Statement: { Action: string[] }[] };
    const reads = policy.Statement.slice(2) as { Action: string[] }[];
    expect(reads.flatMap((s) => s.Action)).toEqual(readActions(RULES, REGION_WIDE));
    expect(single.Statement[0]!.Action).toEqual(expect.arrayContaining(reads[0]!.Action));
  });
});
