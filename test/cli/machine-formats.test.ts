import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import Ajv from "ajv";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main";
import { VERSION } from "../../cli/version";
import { type LocalAws, startLocalAws } from "../../local-aws";
import { asffProblems } from "../support/asff";
import { stubCliEnvironment } from "../support/cli-environment";
import { mockAws } from "../support/mock-aws";
import { sampleAccount } from "../support/sample-account";

let aws: LocalAws | undefined;

beforeEach(async () => {
  aws = await startLocalAws({ seed: sampleAccount(new Date()) });
  stubCliEnvironment();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await aws?.close();
});

async function scan(format: string): Promise<unknown[]> {
  const out: string[] = [];
  const io = { out: (t: string) => out.push(t), err: () => {} };
  const args = ["scan", "--endpoint", aws!.url, "--region", "eu-west-1", "--quiet", "--format", format];
  expect(await main(args, io)).toBe(0);
  return JSON.parse(out.join("\n")) as unknown[];
}

describe("keysentry scan --format asff | ocsf, on the sample account", () => {
  it("writes ASFF records Security Hub accepts, one per finding and one more per exempt one", async () => {
    const records = (await scan("asff")) as AwsSecurityFinding[];
    expect(records.length).toBeGreaterThan(100);
    expect(records.flatMap((r) => asffProblems(r).map((p) => `${r.Id}: ${p}`))).toEqual([]);
    expect(new Set(records.map((r) => r.Id)).size).toBe(records.length);
    expect(records.some((r) => r.Compliance?.Status === "FAILED" && r.Workflow?.Status === "NEW")).toBe(true);
  });

  it("writes OCSF Compliance Findings valid against the class 2003 schema", async () => {
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, "../support/ocsf/compliance-finding-1.1.0.schema.json"), "utf8"),
    );
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const objects = await scan("ocsf");
    expect(objects.length).toBeGreaterThan(100);
    expect(objects.filter((o) => !validate(o))).toEqual([]);
    const products = new Set(
      objects.map((o) => JSON.stringify((o as { metadata: { product: unknown } }).metadata.product)),
    );
    expect([...products]).toEqual([
      JSON.stringify({ name: "keysentry", vendor_name: "keysentry", version: VERSION }),
    ]);
  });
});

describe("keysentry scan --security-hub", () => {
  const hub = mockAws(SecurityHubClient);
  beforeEach(() => hub.reset());

  async function scanInto(): Promise<{ code: number; err: string[] }> {
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => err.push(t) };
    const args = ["scan", "--endpoint", aws!.url, "--region", "eu-west-1", "--quiet", "--security-hub"];
    return { code: await main(args, io), err };
  }

  it("imports the records --format asff writes, in calls of 100", async () => {
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 100, FailedFindings: [] });
    const { code, err } = await scanInto();
    expect(code).toBe(0);
    const calls = hub.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings!);
    expect(calls.every((findings) => findings.length <= 100)).toBe(true);
    const records = calls.flat();
    expect(records.flatMap((r) => asffProblems(r))).toEqual([]);
    expect(err).toEqual([`Security Hub eu-west-1: ${records.length} records imported`]);
  });

  it("exits 3 when Security Hub refuses them", async () => {
    hub.on(BatchImportFindingsCommand).callsFake(({ Findings }) => ({
      FailedCount: Findings.length,
      SuccessCount: 0,
      FailedFindings: Findings.map((f: { Id: string }) => ({
        Id: f.Id,
        ErrorCode: "InvalidAccess",
        ErrorMessage: "not enabled",
      })),
    }));
    const { code, err } = await scanInto();
    expect(code).toBe(3);
    expect(err.at(-1)).toMatch(
      /^keysentry: Security Hub refused findings \(eu-west-1: InvalidAccess: not enabled\)/,
    );
  });
});
