import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KMSClient, TagResourceCommand } from "@aws-sdk/client-kms";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main";
import { loadSettings } from "../../cli/settings-file";
import capturedSample from "../../events/sample-account.json" with { type: "json" };
import { type LocalAws, startLocalAws } from "../../local-aws";
import { readActions } from "../../shared/engine";
import type { Finding } from "../../shared/model";
import { AUTHORITY_RULES, CERTIFICATE_RULES, KEY_RULES, RULES } from "../../shared/rules";
import { selectRules } from "../../shared/settings";
import { stubCliEnvironment } from "../support/cli-environment";
import { sampleAccount } from "../support/sample-account";
import { byResourceAndRule, predictFindings } from "../support/seed-snapshots";

const SETTINGS = "examples/settings.json";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

let aws: LocalAws | undefined;
let now: Date;

/** What the scan summary counts: every resource of the sample, every rule of its type. */
const { keys, certificates, certificateAuthorities = [] } = sampleAccount(new Date());
const FINDINGS =
  keys.length * KEY_RULES.length +
  certificates.length * CERTIFICATE_RULES.length +
  certificateAuthorities.length * AUTHORITY_RULES.length;
const INVENTORY = `${keys.length} keys, ${certificates.length} certificates and ${certificateAuthorities.length} private CAs, ${RULES.length} rules: ${FINDINGS} findings`;

beforeEach(async () => {
  // Mid-day offsets keep day counts identical for the prediction and the CLI's own clock.
  now = new Date(Date.now() + 12 * 3_600_000);
  aws = await startLocalAws({ seed: sampleAccount(now) });
  stubCliEnvironment();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await aws?.close();
});

const scanArgs = () => [
  "scan",
  "--endpoint",
  aws!.url,
  "--region",
  "eu-west-1",
  "--settings",
  SETTINGS,
  "--quiet",
];

describe("keysentry scan", () => {
  it("returns exactly the findings the rules predict, as JSON", async () => {
    const { io, out } = capture();
    // The CLI's clock is the prediction's: "last used 2 hours ago" is counted to the hour.
    vi.useFakeTimers({ toFake: ["Date"], now });
    expect(await main([...scanArgs(), "--format", "json"], io).finally(() => vi.useRealTimers())).toBe(0);
    const findings = JSON.parse(out.join("\n")) as Finding[];
    const predicted = predictFindings(sampleAccount(now), selectRules(await loadSettings(SETTINGS)), now);
    expect(byResourceAndRule(findings)).toEqual(byResourceAndRule(JSON.parse(JSON.stringify(predicted))));
  });

  it("prints a table of what needs attention, worst first, and a summary", async () => {
    const { io, out } = capture();
    expect(await main(scanArgs(), io)).toBe(0);
    const lines = out.join("\n").split("\n");
    expect(lines[0]).toMatch(/^RESOURCE\s+RULE\s+STATUS\s+SEVERITY\s+WHY$/);
    expect(lines[1]).toMatch(/CRITICAL/);
    expect(out.join("\n")).toMatch(
      /alias\/orders \(1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02\)\s+kms-rotation-enabled\s+NON_COMPLIANT\s+MEDIUM\s+automatic rotation is off/,
    );
    expect(out.join("\n")).not.toContain("COMPLIANT  INFO");
    expect(out.at(-1)).toMatch(new RegExp(`^\\n${INVENTORY}, \\d+ non-compliant .* per key`));
  });

  it("writes CSV with one row per finding", async () => {
    const { io, out } = capture();
    await main([...scanArgs(), "--format", "csv", "--rules", "kms-key-enabled"], io);
    const rows = out.join("\n").split("\n");
    expect(rows[0]).toBe(
      "ruleId,resourceType,resourceId,resourceArn,account,region,status,severity,annotation,exemption",
    );
    expect(rows).toHaveLength(1 + sampleAccount(now).keys.length);
  });

  it("exits 1 when a finding reaches --fail-on, 0 when none does", async () => {
    expect(await main([...scanArgs(), "--fail-on", "critical"], capture().io)).toBe(1);
    expect(
      await main(
        [...scanArgs(), "--rules", "acm-certificate-key-strength", "--fail-on", "HIGH"],
        capture().io,
      ),
    ).toBe(0);
  });

  it("shows an exempt finding as EXEMPT until its date, and --fail-on ignores it", async () => {
    const legacy = "4fb25e96-7081-4293-cedf-5a6b7c8d9e05";
    const args = [...scanArgs(), "--rules", "kms-key-enabled"];
    expect(await main([...args, "--fail-on", "MEDIUM"], capture().io)).toBe(1);
    await new KMSClient({ region: "eu-west-1", endpoint: aws!.url }).send(
      new TagResourceCommand({
        KeyId: legacy,
        Tags: [
          { TagKey: "keysentry:exempt", TagValue: "kms-key-enabled" },
          { TagKey: "keysentry:exempt-until", TagValue: "2099-01-31" },
          { TagKey: "keysentry:exempt-reason", TagValue: "batch retired in Q1" },
        ],
      }),
    );
    // The other failing key of this rule (its external key store is disconnected) is exempted without a date.
    await new KMSClient({ region: "eu-west-1", endpoint: aws!.url }).send(
      new TagResourceCommand({
        KeyId: "1c2f2b63-4d5e-4f60-c1ac-279c0d1e2f18",
        Tags: [{ TagKey: "keysentry:exempt", TagValue: "all" }],
      }),
    );
    const { io, out } = capture();
    expect(await main([...args, "--fail-on", "LOW"], io)).toBe(0);
    expect(out.join("\n")).toMatch(
      /alias\/legacy-batch .*kms-key-enabled\s+EXEMPT until 2099-01-31\s+MEDIUM\s+key is disabled.*\[exempt until 2099-01-31: batch retired in Q1\]/,
    );
    expect(out.join("\n")).toMatch(/alias\/xks-ledger .*kms-key-enabled\s+EXEMPT\s+HIGH/);
    expect(out.at(-1)).toMatch(/0 non-compliant, 0 errors, 2 exempt;/);

    // Without tag:GetResources the same exemptions hold, read key by key, and the summary says why.
    aws!.faults.push({ operation: "GetResources", error: { code: "AccessDeniedException", status: 400 } });
    const denied = capture();
    expect(await main([...args, "--fail-on", "LOW"], denied.io)).toBe(0);
    const summary = denied.out.at(-1)!.trim().split("\n");
    expect(summary[0]).toMatch(/0 non-compliant, 0 errors, 2 exempt;/);
    expect(summary[1]).toBe(
      "Exemption tags were read resource by resource in eu-west-1 (GetResources: AccessDeniedException); tag:GetResources, in `keysentry permissions`, reads them in one call.",
    );
  });

  it("honours the SDK's AWS_ENDPOINT_URL_<SERVICE> variables without --endpoint", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL_KMS", aws!.url);
    vi.stubEnv("AWS_ENDPOINT_URL_ACM", aws!.url);
    vi.stubEnv("AWS_ENDPOINT_URL_ACM_PCA", aws!.url);
    const { io, out } = capture();
    const argv = ["scan", "--region", "eu-west-1", "--settings", SETTINGS, "--quiet", "--format", "json"];
    expect(await main(argv, io)).toBe(0);
    expect(JSON.parse(out.join("\n"))).toHaveLength(FINDINGS);
  });

  it("reports progress on stderr", async () => {
    const { io, err } = capture();
    await main(
      scanArgs().filter((a) => a !== "--quiet"),
      io,
    );
    expect(err).toContain(`eu-west-1: listed ${keys.length} keys`);
    expect(err).toContain(`eu-west-1: evaluated ${certificates.length}/${certificates.length} certificates`);
  });

  it.each([
    [["scan", "--format", "xml", "--region", "eu-west-1"], /--format must be one of table, json, csv/],
    [["scan", "--fail-on", "SEVERE", "--region", "eu-west-1"], /--fail-on must be one of INFO/],
    [["scan", "--bogus"], /Unknown option '--bogus'/],
    [["scan"], /no region: pass --region or set AWS_REGION/],
    [["scan", "--region", "eu-west-1", "--rules", "kms-nope"], /unknown rule "kms-nope"/],
    [
      ["scan", "--region", "eu-west-1", "--settings", "no-such-file.json"],
      /cannot read settings file no-such-file.json/,
    ],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["scan", "--region", "eu-west-1", "--rules", ""], /--rules names no rule \(""\)/],
    [["scan", "--region", "eu-west-1", "--rules", ",,,"], /--rules names no rule \(",,,"\)/],
    [["permissions", "--rules", " , "], /--rules names no rule/],
    [["scan", "--region", "us east 1"], /--region "us east 1" is not a region name \(like us-east-1/],
    [["scan", "--region", "eu-west-1", "--region", "EU-WEST-1"], /--region "EU-WEST-1" is not a region name/],
    [
      ["scan", "--region", "eu-west-1", "--endpoint", "notaurl"],
      /--endpoint "notaurl" is not an http\(s\) URL/,
    ],
    [
      ["scan", "--region", "eu-west-1", "--endpoint", "ftp://127.0.0.1:21"],
      /--endpoint "ftp:\/\/127.0.0.1:21" is not an http\(s\) URL/,
    ],
    [
      ["replay", "events/kms/create-key.json", "--endpoint", "notaurl"],
      /--endpoint "notaurl" is not an http/,
    ],
    [
      ["replay", "events/kms/create-key.json", "--region", "eu west"],
      /--region "eu west" is not a region name/,
    ],
  ])("exits 2 with one clear line on usage errors (%#)", async (argv, message) => {
    const { io, err } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });

  it("exits 2 when the settings leave no rule to run, rather than passing a scan that checks nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keysentry-off-"));
    const oneOff = join(dir, "one-off.json");
    await writeFile(oneOff, JSON.stringify({ rules: { "kms-key-enabled": { mode: "off" } } }));
    const allOff = join(dir, "all-off.json");
    await writeFile(
      allOff,
      JSON.stringify({ rules: Object.fromEntries(RULES.map((r) => [r.id, { mode: "off" }])) }),
    );
    for (const [argv, message] of [
      [
        ["scan", "--region", "eu-west-1", "--settings", oneOff, "--rules", "kms-key-enabled"],
        /every rule --rules names is "off" in the settings \(kms-key-enabled\)/,
      ],
      [
        ["permissions", "--settings", oneOff, "--rules", "kms-key-enabled"],
        /every rule --rules names is "off"/,
      ],
      [["scan", "--region", "eu-west-1", "--settings", allOff], /the settings turn every rule "off"/],
    ] as const) {
      const { io, err } = capture();
      expect(await main([...argv], io)).toBe(2);
      expect(err).toEqual([expect.stringMatching(message)]);
    }
  });

  it.each(["us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-5"])(
    "accepts the region name %s",
    async (region) => {
      const { io } = capture();
      expect(
        await main(
          ["scan", "--region", region, "--endpoint", aws!.url, "--quiet", "--rules", "kms-key-enabled"],
          io,
        ),
      ).toBe(0);
    },
  );

  it("checks AWS_REGION and the SDK's endpoint variables as it checks the flags", async () => {
    vi.stubEnv("AWS_REGION", "eu_west_1");
    const region = capture();
    expect(await main(["scan"], region.io)).toBe(2);
    expect(region.err).toEqual([
      'keysentry: AWS_REGION "eu_west_1" is not a region name (like us-east-1 or eu-central-2)',
    ]);
    vi.stubEnv("AWS_REGION", "eu-west-1");
    vi.stubEnv("AWS_ENDPOINT_URL_KMS", "localhost:4566");
    const url = capture();
    expect(await main(["scan"], url.io)).toBe(2);
    expect(url.err[0]).toMatch(/AWS_ENDPOINT_URL_KMS "localhost:4566" is not an http\(s\) URL/);
  });

  it("accepts a settings file that starts with a UTF-8 byte-order mark", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "keysentry-")), "settings.json");
    await writeFile(
      file,
      `\uFEFF${JSON.stringify({ rules: { "kms-key-enabled": { mode: "off" } } })}`,
      "utf8",
    );
    const { io, out } = capture();
    const argv = ["scan", "--endpoint", aws!.url, "--region", "eu-west-1", "--settings", file, "--quiet"];
    expect(await main([...argv, "--format", "json"], io)).toBe(0);
    const findings = JSON.parse(out.join("\n")) as Finding[];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.ruleId === "kms-key-enabled")).toBe(false);
  });

  it("exits 2 on repeated expiry thresholds, naming the file and the parameter", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "keysentry-")), "settings.json");
    const document = { rules: { "acm-certificate-expiry": { params: { thresholdsDays: [7, 7, 7] } } } };
    await writeFile(file, JSON.stringify(document), "utf8");
    const { io, err } = capture();
    expect(await main(["scan", "--region", "eu-west-1", "--settings", file], io)).toBe(2);
    expect(err).toEqual([
      `keysentry: settings file ${file}: invalid settings at rules.acm-certificate-expiry.params.thresholdsDays: each threshold must appear once; 7 appears more than once`,
    ]);
  });

  it("exits 2 on invalid settings, naming the field", async () => {
    vi.stubEnv("KEYSENTRY_SETTINGS", "test/cli/fixtures/bad-settings.json");
    const { io, err } = capture();
    expect(await main(["scan", "--region", "eu-west-1"], io)).toBe(2);
    expect(err.join("\n")).toMatch(/invalid settings at rules\.kms-rotation-period\.params\.maxPeriodDays/);
  });

  it("exits 3 when AWS refuses the credentials: AWS could not be read", async () => {
    aws!.faults.push({
      operation: "ListKeys",
      error: {
        code: "UnrecognizedClientException",
        message: "The security token included in the request is invalid.",
      },
    });
    const { io, out, err } = capture();
    expect(await main(scanArgs(), io)).toBe(3);
    expect(out).toEqual([]);
    expect(err).toEqual([
      "keysentry: AWS refused the credentials (UnrecognizedClientException: The security token included in the request is invalid.): check --profile and your AWS credentials",
    ]);
  });
});

describe("keysentry permissions", () => {
  it("prints the read-only policy generated from the rules", async () => {
    const { io, out } = capture();
    expect(await main(["permissions"], io)).toBe(0);
    const policy = JSON.parse(out.join("\n"));
    expect(policy.Statement[0].Action).toEqual(readActions(RULES));
    expect(
      policy.Statement[0].Action.every((a: string) =>
        /^(kms|acm|acm-pca):(List|Describe|Get|Search)|^tag:GetResources$/.test(a),
      ),
    ).toBe(true);
    expect(policy.Statement).toHaveLength(1);
  });

  it("with --security-hub, adds the one write scan --security-hub makes, on default products only", async () => {
    const { io, out } = capture();
    expect(await main(["permissions", "--security-hub"], io)).toBe(0);
    const policy = JSON.parse(out.join("\n"));
    expect(policy.Statement[1]).toEqual({
      Sid: "SecurityHubFindings",
      Effect: "Allow",
      Action: ["securityhub:BatchImportFindings"],
      Resource: ["arn:aws:securityhub:*:*:product/*/default"],
    });
  });

  it("with --apply, adds the writes of the remediations the settings turn on, and nothing without one", async () => {
    const on = capture();
    const settings = "test/cli/fixtures/remediate-settings.json";
    expect(await main(["permissions", "--apply", "--settings", settings], on.io)).toBe(0);
    const statements = JSON.parse(on.out.join("\n")).Statement;
    expect(statements.slice(1)).toEqual([
      {
        Sid: "KeysentryRemediations",
        Effect: "Allow",
        Action: ["kms:CancelKeyDeletion", "kms:EnableKey", "kms:EnableKeyRotation"],
        Resource: "arn:aws:kms:*:*:key/*",
      },
      {
        Sid: "KeysentryRemediationReads",
        Effect: "Allow",
        Action: ["cloudtrail:LookupEvents", "config:GetResourceConfigHistory"],
        Resource: "*",
      },
    ]);
    const off = capture();
    expect(await main(["permissions", "--apply"], off.io)).toBe(0);
    expect(JSON.parse(off.out.join("\n")).Statement).toHaveLength(1);
    expect(await main(["permissions", "--apply", "--organization"], capture().io)).toBe(2);
  });
});

describe("keysentry demo", () => {
  it("scans the sample account offline, summarises it, and replays the sample events", async () => {
    const { io, out } = capture();
    expect(await main(["demo"], io)).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(
      /kms\/put-key-policy-public.json\s+\[keysentry CRITICAL\] kms-policy-no-public-access on alias\/shared-uploads/,
    );
    expect(text).toMatch(
      /kms\/own-remediation.json\s+ignored: EnableKeyRotation was made by keysentry's own remediation role/,
    );
    expect(text).toMatch(/^keysentry demo: account 111122223333 in eu-west-1/);
    expect(text).toMatch(
      new RegExp(
        `${INVENTORY}, \\d+ non-compliant \\(\\d+ CRITICAL, \\d+ HIGH, \\d+ MEDIUM, \\d+ LOW\\), 0 errors`,
      ),
    );
  });

  it("covers compliant, non-compliant and not-applicable cases of every rule, on the day the sample was captured", async () => {
    // The sample's dates follow today; AWS's own milestones (the end of the CT opt-out on
    // 2026-06-12) do not, so some cases exist only as long as real accounts hold them.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(capturedSample.capturedAt) });
    const { io, out } = capture();
    await main(["demo", "--format", "json"], io).finally(() => vi.useRealTimers());
    const findings = JSON.parse(out.join("\n")) as Finding[];
    for (const rule of RULES) {
      const statuses = new Set(findings.filter((f) => f.ruleId === rule.id).map((f) => f.status));
      expect([rule.id, [...statuses].sort()]).toEqual([
        rule.id,
        ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"],
      ]);
    }
  });
});

describe("keysentry replay", () => {
  it("prints exactly the handler's result as JSON", async () => {
    const { io, out } = capture();
    const argv = [
      "replay",
      "events/kms/create-key.json",
      "--endpoint",
      aws!.url,
      "--settings",
      SETTINGS,
      "--format",
      "json",
    ];
    expect(await main(argv, io)).toBe(0);
    const result = JSON.parse(out.join("\n"));
    expect(Object.keys(result).sort()).toEqual(["actions", "findings", "ignored"]);
    expect(result.findings.find((f: Finding) => f.ruleId === "kms-rotation-enabled")).toMatchObject({
      status: "NON_COMPLIANT",
    });
    expect(result.actions).toEqual([
      expect.objectContaining({ action: "alert", target: "replay", status: "sent" }),
    ]);
  });

  it("routes an ACM API call to the ACM reader, and the alert names the call and who made it", async () => {
    const { io, out } = capture();
    const argv = ["replay", "events/acm/update-certificate-options.json", "--endpoint", aws!.url];
    expect(await main(argv, io)).toBe(0);
    expect(out.join("\n")).toMatch(
      /alert: \[keysentry MEDIUM\] acm-certificate-renewal on api\.example\.com[\s\S]*Trigger: UpdateCertificateOptions by role Admin assumed by bob@example\.com/,
    );
  });

  const remediating = () => [
    "replay",
    "events/kms/schedule-key-deletion.json",
    "--endpoint",
    aws!.url,
    "--settings",
    "test/cli/fixtures/remediate-settings.json",
  ];
  const writes = () => aws!.calls.filter((c) => /^(Cancel|Enable|Put|Revoke|Disable)/.test(c.operation));

  it("only reads without --apply, and says what it would remediate", async () => {
    const { io, out } = capture();
    expect(await main(remediating(), io)).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(
      /CRITICAL kms-not-pending-deletion: alias\/old-app .* a 7-day window under the 30-day minimum/,
    );
    expect(text).toContain("  would remediate: cancel-key-deletion (run with --apply to change the account)");
    expect(text).toMatch(/alert: \[keysentry CRITICAL\] kms-not-pending-deletion on alias\/old-app/);
    expect(writes()).toEqual([]);
  });

  it("still accepts --dry-run, which changes nothing: replay is read-only already", async () => {
    const { io, out } = capture();
    expect(await main([...remediating(), "--dry-run"], io)).toBe(0);
    expect(out.join("\n")).toContain("would remediate: cancel-key-deletion (run with --apply");
    expect(writes()).toEqual([]);
  });

  it("remediates with --apply, and verifies the change", async () => {
    const { io, out } = capture();
    expect(await main([...remediating(), "--apply"], io)).toBe(0);
    expect(out.join("\n")).toMatch(/remediation cancel-key-deletion: verified/);
    expect(writes().map((c) => c.operation)).toContain("CancelKeyDeletion");
  });

  it("keeps a settings document's dryRun even with --apply, and says so plainly", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "keysentry-")), "settings.json");
    const document = { dryRun: true, rules: { "kms-not-pending-deletion": { mode: "remediate" } } };
    await writeFile(file, JSON.stringify(document), "utf8");
    const { io, out } = capture();
    const argv = [
      "replay",
      "events/kms/schedule-key-deletion.json",
      "--endpoint",
      aws!.url,
      "--settings",
      file,
    ];
    expect(await main([...argv, "--apply"], io)).toBe(0);
    expect(out.join("\n")).toContain("remediation cancel-key-deletion: skipped (dry run: nothing changed)");
    expect(writes()).toEqual([]);
  });

  it("ignores the remediation role's own calls when told the role", async () => {
    const { io, out } = capture();
    const role = "arn:aws:iam::111122223333:role/keysentry-remediation-eu-west-1";
    expect(
      await main(
        ["replay", "events/kms/own-remediation.json", "--endpoint", aws!.url, "--remediation-role", role],
        io,
      ),
    ).toBe(0);
    expect(out.join("\n")).toBe("ignored: EnableKeyRotation was made by keysentry's own remediation role");
  });

  it("replays an AWS Config rule invocation and shows the evaluations it would write", async () => {
    const { io, out } = capture();
    expect(
      await main(
        ["replay", "events/config/kms-change.json", "--endpoint", aws!.url, "--region", "eu-west-1"],
        io,
      ),
    ).toBe(0);
    expect(out.join("\n")).toContain(
      "AWS Config: NON_COMPLIANT AWS::KMS::Key 1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02",
    );
    const json = capture();
    await main(
      [
        "replay",
        "events/config/kms-change.json",
        "--endpoint",
        aws!.url,
        "--region",
        "eu-west-1",
        "--format",
        "json",
      ],
      json.io,
    );
    expect(Object.keys(JSON.parse(json.out.join("\n"))).sort()).toEqual(["actions", "findings", "ignored"]);
  });

  it("exits 2 on an invalid event or a missing file", async () => {
    const invalid = capture();
    expect(
      await main(["replay", "events/malformed/missing-detail.json", "--endpoint", aws!.url], invalid.io),
    ).toBe(2);
    expect(invalid.err.join("\n")).toMatch(/invalid event .* at detail: /);
    const missing = capture();
    expect(await main(["replay", "events/none.json"], missing.io)).toBe(2);
    expect(missing.err.join("\n")).toMatch(/cannot read event events\/none.json/);
    expect(await main(["replay"], capture().io)).toBe(2);
  });
});
