import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main";
import { type LocalAws, type SeedAccount, startLocalAws } from "../../local-aws";
import type { SeedAccountSetup } from "../../local-aws/seed";
import { awsJson, type BadEndpoint, startBadEndpoint } from "../support/bad-endpoint";
import { stubCliEnvironment } from "../support/cli-environment";
import { sampleAccount } from "../support/sample-account";

const REGION = "eu-west-1";

/** An account whose keys and certificates preflight never reads: only its set-up matters. */
const account = (setup?: SeedAccountSetup): SeedAccount => ({
  account: "111122223333",
  region: REGION,
  capturedAt: "2026-06-01T00:00:00Z",
  keys: [],
  certificates: [],
  setup,
});

/** A new account: no recorder, no trail, Lambda's starting quota of 10, Security Hub never enabled. */
const BRAND_NEW: SeedAccountSetup = {
  configurationRecorder: null,
  trails: [],
  lambda: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 },
  securityHub: false,
};

interface Check {
  id: string;
  region?: string;
  status: "ok" | "warn" | "fail";
  message: string;
}

let aws: LocalAws | undefined;
let bad: BadEndpoint | undefined;
let folder: string;

beforeEach(async () => {
  stubCliEnvironment();
  folder = await mkdtemp(join(tmpdir(), "keysentry-preflight-"));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await aws?.close();
  await bad?.close();
  aws = bad = undefined;
});

async function settingsFile(document: unknown): Promise<string> {
  const path = join(folder, `settings-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, typeof document === "string" ? document : JSON.stringify(document));
  return path;
}

async function preflight(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["preflight", "--region", REGION, ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function checksOf(setup: SeedAccountSetup | undefined, args: string[] = []) {
  aws = await startLocalAws({ seed: account(setup) });
  const run = await preflight(["--endpoint", aws.url, "--format", "json", ...args]);
  const checks = (JSON.parse(run.out) as { checks: Check[] }).checks;
  return { ...run, checks, byId: (id: string) => checks.find((c) => c.id === id)! };
}

const SECURITY_HUB_ON = { findings: { securityHub: {} } };

describe("keysentry preflight", () => {
  it("passes a well set-up account: every check ok, exit 0", async () => {
    const settings = await settingsFile({ ...SECURITY_HUB_ON, deployment: { reservedConcurrency: true } });
    const { code, checks } = await checksOf(undefined, ["--settings", settings]);
    expect(checks.map((c) => [c.id, c.region, c.status])).toEqual([
      ["settings", undefined, "ok"],
      ["config-recorder", REGION, "ok"],
      ["cloudtrail", REGION, "ok"],
      ["lambda-concurrency", REGION, "ok"],
      ["security-hub", REGION, "ok"],
    ]);
    expect(code).toBe(0);
  });

  it("fails a brand-new account, each failure with its fix, exit 1", async () => {
    const settings = await settingsFile(SECURITY_HUB_ON);
    const { code, byId } = await checksOf(BRAND_NEW, ["--settings", settings]);
    expect(code).toBe(1);
    expect(byId("config-recorder")).toMatchObject({ status: "fail" });
    expect(byId("config-recorder").message).toMatch(
      /no AWS Config recorder in eu-west-1.*"configRules": false.*ConfigRules parameter/,
    );
    expect(byId("cloudtrail")).toMatchObject({ status: "fail" });
    expect(byId("cloudtrail").message).toMatch(
      /no trail logs eu-west-1.*AWS API Call via CloudTrail.*create-trail.*start-logging/,
    );
    // Reservations are off by default: the quota only warns that a storm would be throttled.
    expect(byId("lambda-concurrency")).toMatchObject({ status: "warn" });
    expect(byId("lambda-concurrency").message).toMatch(
      /quota in eu-west-1 is 10 .*below the 41 .*Service Quotas/,
    );
    expect(byId("security-hub")).toMatchObject({ status: "fail" });
    expect(byId("security-hub").message).toMatch(/not enabled in eu-west-1.*enable-security-hub/);
  });

  it("passes the demo's sample account with the example settings", async () => {
    aws = await startLocalAws({ seed: sampleAccount(new Date()) });
    const { code, out } = await preflight(["--endpoint", aws.url, "--settings", "examples/settings.json"]);
    expect(out).toMatch(/^cloudtrail\s+eu-west-1\s+ok\s+multi-region trail management-events is logging/m);
    expect(code).toBe(0);
  });

  it("fails reserved concurrency a quota cannot give: Lambda keeps 100 unreserved", async () => {
    const settings = await settingsFile({ deployment: { reservedConcurrency: true, configRules: false } });
    const lambda = { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 130 };
    const { code, byId } = await checksOf({ lambda }, ["--settings", settings]);
    expect(byId("lambda-concurrency").message).toMatch(
      /reserving 31 \(kms-events 20, acm-events 10, sweep 1\) would leave 99, .*fewer than 100 .*"reservedConcurrency": false/,
    );
    expect(byId("lambda-concurrency").status).toBe("fail");
    expect(code).toBe(1);
  });

  it("needs no recorder when the settings turn the Config rules off, and skips Security Hub when its channel is off", async () => {
    const settings = await settingsFile({ deployment: { configRules: false } });
    const { byId } = await checksOf({ configurationRecorder: null }, ["--settings", settings]);
    expect(byId("config-recorder")).toMatchObject({ status: "ok" });
    expect(byId("security-hub")).toMatchObject({
      status: "ok",
      message: expect.stringMatching(/not needed/),
    });
    expect(aws!.calls.map((c) => c.operation)).not.toContain("DescribeHub");
  });

  it("fails a stopped recorder and warns about resource types it does not record", async () => {
    const stopped = await checksOf({
      configurationRecorder: { name: "default", recording: false, recordingGroup: { allSupported: true } },
    });
    expect(stopped.byId("config-recorder")).toMatchObject({ status: "fail" });
    expect(stopped.byId("config-recorder").message).toMatch(/start-configuration-recorder/);
    await aws?.close();
    const partial = await checksOf({
      configurationRecorder: {
        name: "default",
        recording: true,
        recordingGroup: {
          recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" },
          exclusionByResourceTypes: { resourceTypes: ["AWS::ACMPCA::CertificateAuthority"] },
        },
      },
    });
    expect(partial.byId("config-recorder")).toMatchObject({ status: "warn" });
    expect(partial.byId("config-recorder").message).toMatch(
      /does not record AWS::ACMPCA::CertificateAuthority:/,
    );
    await aws?.close();
    const recorder = (resourceTypes: string[]) => ({
      configurationRecorder: {
        name: "default",
        recording: true,
        recordingGroup: { allSupported: false, resourceTypes },
      },
    });
    const listed = await checksOf(recorder(["AWS::KMS::Key", "AWS::ACM::Certificate"]));
    expect(listed.byId("config-recorder").message).toMatch(
      /does not record AWS::ACMPCA::CertificateAuthority:/,
    );
    await aws?.close();
    const everything = await checksOf(
      recorder([
        "AWS::KMS::Key",
        "AWS::ACM::Certificate",
        "AWS::ACMPCA::CertificateAuthority",
        "AWS::S3::Bucket",
      ]),
    );
    expect(everything.byId("config-recorder").status).toBe("ok");
  });

  it("counts a trail only when it is logging write management events, its own or a multi-region or organization trail", async () => {
    const here = (trail: object) => ({ trails: [{ Name: "audit", HomeRegion: REGION, ...trail }] });
    const stopped = await checksOf(here({ IsLogging: false }));
    expect(stopped.byId("cloudtrail").message).toMatch(/trail audit is not logging.*start-logging/);
    expect(stopped.code).toBe(1);
    await aws?.close();
    const readsOnly = await checksOf(here({ EventSelectors: [{ ReadWriteType: "ReadOnly" }] }));
    expect(readsOnly.byId("cloudtrail")).toMatchObject({ status: "fail" });
    await aws?.close();
    const advancedReads = await checksOf(
      here({
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: "eventCategory", Equals: ["Management"] },
              { Field: "readOnly", Equals: ["true"] },
            ],
          },
        ],
      }),
    );
    expect(advancedReads.byId("cloudtrail")).toMatchObject({ status: "fail" });
    await aws?.close();
    const noKms = await checksOf(
      here({ EventSelectors: [{ ExcludeManagementEventSources: ["kms.amazonaws.com"] }] }),
    );
    expect(noKms.byId("cloudtrail")).toMatchObject({ status: "warn" });
    expect(noKms.byId("cloudtrail").message).toMatch(/leave out kms\.amazonaws\.com/);
    await aws?.close();
    const kmsOnly = {
      FieldSelectors: [
        { Field: "eventCategory", Equals: ["Management"] },
        { Field: "eventSource", Equals: ["kms.amazonaws.com"] },
      ],
    };
    const shared = await checksOf({
      trails: [
        {
          Name: "no-kms",
          HomeRegion: REGION,
          EventSelectors: [{ ExcludeManagementEventSources: ["kms.amazonaws.com"] }],
        },
        { Name: "kms", HomeRegion: REGION, AdvancedEventSelectors: [kmsOnly] },
      ],
    });
    expect(shared.byId("cloudtrail")).toMatchObject({
      status: "ok",
      message: "trail no-kms, trail kms are logging write management events in eu-west-1",
    });
    await aws?.close();
    const someCalls = await checksOf(
      here({
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              ...kmsOnly.FieldSelectors.slice(0, 1),
              { Field: "eventName", Equals: ["PutKeyPolicy"] },
            ],
          },
        ],
      }),
    );
    expect(someCalls.byId("cloudtrail")).toMatchObject({ status: "warn" });
    expect(someCalls.byId("cloudtrail").message).toMatch(
      /log only some events of kms\.amazonaws\.com, acm\.amazonaws\.com, acm-pca\.amazonaws\.com/,
    );
    await aws?.close();
    const organization = await checksOf({
      trails: [
        // Another region's single-region trail does not log this one; the management account's organization trail does.
        { Name: "elsewhere", HomeRegion: "us-east-1" },
        {
          Name: "org-trail",
          HomeRegion: "us-east-1",
          IsMultiRegionTrail: true,
          IsOrganizationTrail: true,
          OwnerAccount: "999988887777",
        },
      ],
    });
    expect(organization.byId("cloudtrail")).toMatchObject({
      status: "ok",
      message: "organization trail org-trail is logging write management events in eu-west-1",
    });
    expect(aws!.calls.filter((c) => c.operation === "GetTrailStatus").map((c) => c.input.Name)).toEqual([
      "arn:aws:cloudtrail:us-east-1:999988887777:trail/org-trail",
    ]);
  });

  it("warns, and still reads the account, when the organization trail's selectors are the management account's to read", async () => {
    const setup: SeedAccountSetup = {
      trails: [
        {
          Name: "org-trail",
          HomeRegion: "us-east-1",
          IsMultiRegionTrail: true,
          IsOrganizationTrail: true,
          OwnerAccount: "999988887777",
        },
      ],
    };
    aws = await startLocalAws({
      seed: account(setup),
      faults: [{ operation: "GetEventSelectors", error: { code: "AccessDeniedException", status: 400 } }],
    });
    const run = await preflight(["--endpoint", aws.url, "--format", "json"]);
    const checks = (JSON.parse(run.out) as { checks: Check[] }).checks;
    expect(run.code).toBe(0);
    expect(checks.find((c) => c.id === "cloudtrail")).toMatchObject({
      status: "warn",
      message: expect.stringMatching(
        /^organization trail org-trail is logging, but this account may not read its event selectors \(AccessDeniedException\): check in the management account/,
      ),
    });
  });

  it("fails an invalid settings file with its path and problem, and checks the account with the defaults", async () => {
    const settings = await settingsFile({ deployment: { reservedConcurrency: "yes" } });
    const { code, byId } = await checksOf(undefined, ["--settings", settings]);
    expect(byId("settings").status).toBe("fail");
    expect(byId("settings").message).toContain(
      `settings file ${settings}: invalid settings at deployment.reservedConcurrency`,
    );
    expect(byId("cloudtrail").status).toBe("ok");
    expect(code).toBe(1);
  });

  it("prints a table, one row per check and region, and a summary", async () => {
    aws = await startLocalAws({ seed: account(BRAND_NEW) });
    const { code, out } = await preflight(["--endpoint", aws.url, "--region", "us-east-2"]);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^CHECK\s+REGION\s+STATUS\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^settings\s+-\s+ok\s+no settings file/);
    expect(
      lines.filter((l) => /^cloudtrail\s+(eu-west-1|us-east-2)\s+FAIL\s+no trail logs/.test(l)),
    ).toHaveLength(2);
    expect(lines.at(-1)).toBe("4 failed, 2 to look at, 3 ok: fix what failed before deploying");
    expect(code).toBe(1);
  });

  it("keeps an account's names from reaching the terminal as controls, in both formats", async () => {
    const hostile = "evil\u001b[2J\u009b31m\u007f";
    const setup = { trails: [{ Name: hostile, HomeRegion: REGION, IsLogging: false }] };
    aws = await startLocalAws({ seed: account(setup) });
    aws.faults.push({
      operation: "GetTrailStatus",
      error: { code: "TrailNotFoundException", message: `Unknown trail: ${hostile}` },
      times: 1,
    });
    const refused = await preflight(["--endpoint", aws.url]);
    expect(refused.code).toBe(3);
    expect(refused.err).toContain("Unknown trail: evil?[2J?31m?");
    for (const format of ["table", "json"]) {
      const { out } = await preflight(["--endpoint", aws.url, "--format", format]);
      expect(out).toContain("evil?[2J?31m?");
      const controls = [...out].filter((c) => (c < " " && c !== "\n") || (c >= "\x7f" && c <= "\x9f"));
      expect(controls).toEqual([]);
    }
  });

  it("prints in permissions --preflight exactly the calls it makes", async () => {
    const settings = await settingsFile({ ...SECURITY_HUB_ON, deployment: { reservedConcurrency: true } });
    await checksOf(undefined, ["--settings", settings]);
    const made = new Set(aws!.calls.map((c) => `${c.service}:${c.operation}`));
    const out: string[] = [];
    expect(await main(["permissions", "--preflight"], { out: (t) => out.push(t), err: () => {} })).toBe(0);
    const policy = JSON.parse(out.join("\n")) as { Statement: { Action: string[]; Resource: string }[] };
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]!.Action).toEqual([...made].sort());
  });
});

describe("keysentry preflight's usage", () => {
  it("is in the help, and needs a region before any call", async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(await main(["preflight", "--help"], io)).toBe(0);
    expect(out.join("\n")).toMatch(/keysentry preflight +before deploying/);
    expect(await main(["preflight"], io)).toBe(2);
    expect(out.at(-1)).toBe("keysentry: no region: pass --region or set AWS_REGION");
    expect(await main(["preflight", "--region", REGION, "--format", "csv"], io)).toBe(2);
  });
});

describe("keysentry preflight when AWS cannot be read", () => {
  it("exits 3 with what to check when the endpoint is unreachable, printing no checks", async () => {
    const { code, out, err } = await preflight(["--endpoint", "http://127.0.0.1:1"]);
    expect(code).toBe(3);
    expect(out).toBe("");
    expect(err).toMatch(/could not reach AWS in eu-west-1 at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
  });

  it("exits 3 when AWS refuses the credentials or denies a read, naming the policy preflight needs", async () => {
    aws = await startLocalAws({
      seed: account(),
      faults: [{ operation: "DescribeTrails", error: { code: "UnrecognizedClientException" } }],
    });
    const refused = await preflight(["--endpoint", aws.url]);
    expect(refused.code).toBe(3);
    expect(refused.err).toMatch(/AWS refused the credentials \(UnrecognizedClientException/);
    aws.faults.splice(0, 1, {
      operation: "GetAccountSettings",
      error: { code: "AccessDeniedException", status: 403 },
    });
    const denied = await preflight(["--endpoint", aws.url]);
    expect(denied.code).toBe(3);
    expect(denied.err).toMatch(
      /AWS denied GetAccountSettings in eu-west-1 .*`keysentry permissions --preflight`/,
    );
  });

  /** Answers as a well set-up account would, but for one operation's. */
  function answering(operation: string, answer: unknown) {
    const good: Record<string, unknown> = {
      DescribeConfigurationRecorders: {
        ConfigurationRecorders: [{ name: "default", recordingGroup: { allSupported: true } }],
      },
      DescribeConfigurationRecorderStatus: {
        ConfigurationRecordersStatus: [{ name: "default", recording: true }],
      },
      DescribeTrails: {
        trailList: [
          {
            Name: "t",
            TrailARN: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/t",
            HomeRegion: REGION,
            IsMultiRegionTrail: true,
            IsOrganizationTrail: false,
          },
        ],
      },
      GetTrailStatus: { IsLogging: true },
      GetEventSelectors: { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] },
      // REST-JSON calls carry no X-Amz-Target: Lambda's GetAccountSettings is the only one made here.
      "": { AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } },
    };
    return startBadEndpoint((call) => awsJson(call.operation === operation ? answer : good[call.operation]));
  }

  it.each([
    ["DescribeConfigurationRecorders", {}, /ConfigurationRecorders/],
    [
      "DescribeConfigurationRecorderStatus",
      { ConfigurationRecordersStatus: [{ name: "default" }] },
      /recording/,
    ],
    [
      "DescribeConfigurationRecorderStatus",
      { ConfigurationRecordersStatus: [] },
      /no status for recorder default/,
    ],
    ["DescribeTrails", { trails: [] }, /trailList/],
    ["GetTrailStatus", {}, /IsLogging/],
    [
      "GetEventSelectors",
      { TrailARN: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/t" },
      /EventSelectors/,
    ],
    ["", { AccountLimit: {} }, /AccountLimit\.ConcurrentExecutions/],
  ])(
    "exits 3, not ok, when %s answers without the structure AWS always returns",
    async (operation, answer, missing) => {
      bad = await answering(operation, answer);
      const { code, out, err } = await preflight(["--endpoint", bad.url]);
      expect(err).toMatch(/is not what AWS returns/);
      expect(err).toMatch(missing);
      expect(out).toBe("");
      expect(code).toBe(3);
    },
  );

  it("answers ok from that double when nothing is missing, so the cases above fail for their answer alone", async () => {
    bad = await answering("none", {});
    const { code } = await preflight(["--endpoint", bad.url]);
    expect(code).toBe(0);
  });
});
