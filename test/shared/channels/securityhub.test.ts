import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { beforeEach, describe, expect, it } from "vitest";
import { batches, importRecords, MemoryFindingLedger, SecurityHubSink } from "../../../shared/channels";
import type { Finding } from "../../../shared/model";
import { asffProblems } from "../../support/asff";
import { findingVariety } from "../../support/finding-variety";
import { mockAws } from "../../support/mock-aws";

const hub = mockAws(SecurityHubClient);
const client = new SecurityHubClient({ region: "eu-west-1" });
const T0 = new Date("2026-06-01T00:00:00.000Z");
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);

/** Every record sent so far, each checked against what Security Hub accepts. */
function sent(): AwsSecurityFinding[] {
  const records = hub
    .commandCalls(BatchImportFindingsCommand)
    .flatMap((c) => (c.args[0].input as BatchImportFindingsCommandInput).Findings ?? []);
  for (const record of records) expect(asffProblems(record), record.Id).toEqual([]);
  return records;
}

beforeEach(() => {
  hub.reset();
  hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
});

describe("BatchImportFindings calls", () => {
  const record = (id: string, bytes = 0): AwsSecurityFinding =>
    ({ Id: id, Description: "x".repeat(bytes) }) as never;

  it("carry at most 100 findings and 6 MB each", () => {
    const many = Array.from({ length: 250 }, (_, i) => record(`r${i}`));
    expect(batches(many).map((b) => b.length)).toEqual([100, 100, 50]);
    const big = Array.from({ length: 30 }, (_, i) => record(`b${i}`, 230 * 1024));
    expect(batches(big).map((b) => b.length)).toEqual([26, 4]);
  });

  it("send again the findings Security Hub failed for a passing reason, not the invalid ones", async () => {
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 2,
        SuccessCount: 1,
        FailedFindings: [
          { Id: "a", ErrorCode: "InternalError", ErrorMessage: "try again" },
          { Id: "b", ErrorCode: "InvalidInput", ErrorMessage: "Title too long" },
        ],
      })
      .resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const failed = await importRecords(client, [record("a"), record("b"), record("c")]);
    expect([...failed]).toEqual([["b", "InvalidInput: Title too long"]]);
    const calls = hub
      .commandCalls(BatchImportFindingsCommand)
      .map((c) => c.args[0].input.Findings!.map((f) => f.Id));
    expect(calls).toEqual([["a", "b", "c"], ["a"]]);
  });

  it("give up after three attempts, and report a call that failed outright", async () => {
    hub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [{ Id: "a", ErrorCode: "InternalError", ErrorMessage: "down" }],
    });
    expect([...(await importRecords(client, [record("a")]))]).toEqual([["a", "InternalError: down"]]);
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(3);
    hub
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(new Error("not subscribed"), { name: "InvalidAccessException" }));
    expect([...(await importRecords(client, [record("z")]))]).toEqual([
      ["z", "InvalidAccessException: not subscribed"],
    ]);
  });
});

describe("the Security Hub channel's lifecycle", () => {
  let ledger: MemoryFindingLedger;
  let sink: SecurityHubSink;
  let failing: Finding;

  beforeEach(async () => {
    ledger = new MemoryFindingLedger();
    sink = new SecurityHubSink(client, ledger);
    failing = (await findingVariety())[0]!;
  });

  const event = (finding: Finding, at: Date) => sink.record([finding], { refresh: false, now: at });
  const newlySent = async (step: () => Promise<void>) => {
    const before = sent().length;
    await step();
    return sent().slice(before);
  };

  it("opens a record once, refreshes it on the sweep, resolves it, and reopens the same record", async () => {
    const [opened, ...none] = await newlySent(() => event(failing, hours(0)));
    expect(none).toEqual([]);
    expect(opened).toMatchObject({
      Compliance: { Status: "FAILED" },
      Workflow: { Status: "NEW" },
      RecordState: "ACTIVE",
      CreatedAt: T0.toISOString(),
      UpdatedAt: T0.toISOString(),
      FirstObservedAt: T0.toISOString(),
    });
    // The same finding from another event: nothing changed, nothing sent.
    expect(await newlySent(() => event({ ...failing, eventEvidence: { actor: "x" } }, hours(1)))).toEqual([]);
    // The sweep resends it, so Security Hub does not delete it at 90 days; its history is kept.
    const [refreshed] = await newlySent(async () => {
      await sink.record([failing], { refresh: true, now: hours(24) });
      await sink.flush();
    });
    expect(refreshed).toMatchObject({
      Id: opened!.Id,
      CreatedAt: T0.toISOString(),
      FirstObservedAt: T0.toISOString(),
    });
    expect(refreshed!.UpdatedAt).toBe(hours(24).toISOString());
    expect(refreshed!.Workflow).toBeUndefined();
    const [resolved] = await newlySent(() =>
      event({ ...failing, status: "COMPLIANT", severity: "INFO", evidence: {} }, hours(30)),
    );
    expect(resolved).toMatchObject({
      Id: opened!.Id,
      Compliance: { Status: "PASSED" },
      RecordState: "ACTIVE",
      Severity: { Label: "INFORMATIONAL" },
      CreatedAt: T0.toISOString(),
    });
    expect(resolved!.Workflow).toBeUndefined();
    expect(
      await newlySent(() => event({ ...failing, status: "COMPLIANT", severity: "INFO" }, hours(40))),
    ).toEqual([]);
    const [reopened] = await newlySent(() => event(failing, hours(50)));
    expect(reopened).toMatchObject({
      Id: opened!.Id,
      Compliance: { Status: "FAILED" },
      CreatedAt: T0.toISOString(),
      FirstObservedAt: hours(50).toISOString(),
    });
  });

  it("suppresses an exempt finding in a record of its own, and brings the regular one back when it lapses", async () => {
    await event(failing, hours(0));
    const exempt: Finding = {
      ...failing,
      exemption: { state: "exempt", tag: "keysentry:exempt", reason: "r" },
    };
    const onExemption = await newlySent(() => event(exempt, hours(1)));
    expect(onExemption.map((r) => [r.Id!.endsWith("/exempt"), r.Workflow?.Status, r.RecordState])).toEqual([
      [true, "SUPPRESSED", "ACTIVE"],
      [false, undefined, "ARCHIVED"],
    ]);
    const lapsed: Finding = {
      ...failing,
      exemption: { state: "expired", tag: "keysentry:exempt", reason: "r" },
    };
    // The trouble is new again: the regular record comes back ACTIVE (Security Hub resets its
    // workflow to NEW on leaving ARCHIVED), the suppressed one is archived.
    const onLapse = await newlySent(() => event(lapsed, hours(2)));
    expect(onLapse.map((r) => [r.Id!.endsWith("/exempt"), r.RecordState, r.CreatedAt])).toEqual([
      [false, "ACTIVE", hours(2).toISOString()],
      [true, "ARCHIVED", hours(1).toISOString()],
    ]);
  });

  it("archives the record of a deleted resource, and never opens one for a finding that was never trouble", async () => {
    expect(
      await newlySent(() => event({ ...failing, status: "COMPLIANT", severity: "INFO" }, hours(0))),
    ).toEqual([]);
    await event(failing, hours(1));
    const [archived] = await newlySent(() =>
      event(
        { ...failing, status: "NOT_APPLICABLE", severity: "INFO", evidence: { deleted: true } },
        hours(2),
      ),
    );
    expect(archived).toMatchObject({ RecordState: "ARCHIVED", Compliance: { Status: "NOT_AVAILABLE" } });
  });

  it("remembers nothing it could not import, so the next evaluation sends it again", async () => {
    hub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [
        {
          Id: `keysentry/${failing.ruleId}/${failing.resourceArn}`,
          ErrorCode: "InvalidAccess",
          ErrorMessage: "off",
        },
      ],
    });
    await event(failing, hours(0));
    expect((await sink.flush()).failed.map((f) => f.finding.ruleId)).toEqual([failing.ruleId]);
    expect(ledger.records.size).toBe(0);
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    expect(await newlySent(() => event(failing, hours(1)))).toHaveLength(1);
    expect(ledger.records.size).toBe(1);
  });

  it("batches the sweep's refresh into whole calls", async () => {
    const variety = (await findingVariety()).filter((f) => f.status === "NON_COMPLIANT");
    const many = Array.from({ length: 150 }, (_, i) => ({
      ...variety[i % variety.length]!,
      resourceArn: `arn:aws:kms:eu-west-1:111122223333:key/${i}`,
    }));
    for (const finding of many) await sink.record([finding], { refresh: true, now: hours(0) });
    await sink.flush();
    expect(hub.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings!.length)).toEqual(
      [100, 50],
    );
  });

  it("writes, with no memory, each finding as of now", async () => {
    const stateless = new SecurityHubSink(client);
    await stateless.record([failing], { refresh: false, now: hours(3) });
    await stateless.record([failing], { refresh: false, now: hours(4) });
    expect(sent().map((r) => r.CreatedAt)).toEqual([hours(3).toISOString(), hours(4).toISOString()]);
  });
});
