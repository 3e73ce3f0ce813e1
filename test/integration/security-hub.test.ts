import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { beforeEach, describe, expect, it } from "vitest";
import { MemoryFindingLedger, SecurityHubSink } from "../../shared/channels";
import type { Finding } from "../../shared/model";
import { asffId } from "../../shared/outputs";
import { asffProblems } from "../support/asff";
import { HARNESS_SETTINGS, sample, useHarness } from "../support/event-harness";
import { mockAws } from "../support/mock-aws";

const hub = mockAws(SecurityHubClient);
const start = useHarness();

/** The records of each BatchImportFindings call since the last look, checked against what Security Hub accepts. */
let seen = 0;
function imported(): AwsSecurityFinding[][] {
  const calls = hub
    .commandCalls(BatchImportFindingsCommand)
    .slice(seen)
    .map((c) => (c.args[0].input as BatchImportFindingsCommandInput).Findings ?? []);
  seen += calls.length;
  for (const record of calls.flat()) expect(asffProblems(record), record.Id).toEqual([]);
  return calls;
}

beforeEach(() => {
  hub.reset();
  hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
  seen = 0;
});

describe("Security Hub, fed by every path", () => {
  it("gets every open finding from each sweep, and from events and Config only what changed", async () => {
    const sink = new SecurityHubSink(
      new SecurityHubClient({ region: "eu-west-1" }),
      new MemoryFindingLedger(),
    );
    // A rule in report mode still reaches Security Hub.
    const settings = {
      ...HARNESS_SETTINGS,
      rules: { ...HARNESS_SETTINGS.rules, "kms-rotation-enabled": { mode: "report" } },
      findings: { securityHub: {} },
    };
    const harness = await start(settings, { sinks: [sink] });

    const openIds = (findings: Finding[]) =>
      findings
        .filter((f) => f.status === "NON_COMPLIANT" || f.status === "ERROR")
        .map((f) => asffId(f, f.exemption?.state === "exempt"))
        .sort();
    const first = await harness.sweep();
    const calls = imported();
    expect(calls.every((c) => c.length <= 100)).toBe(true);
    const active = (records: AwsSecurityFinding[]) =>
      records
        .filter((r) => r.RecordState === "ACTIVE" && r.Compliance?.Status !== "PASSED")
        .map((r) => r.Id)
        .sort();
    expect(active(calls.flat())).toEqual(openIds(first.findings));

    // The next sweep refreshes every open record, so none reaches Security Hub's 90 days; what the
    // first sweep remediated is resolved, and the key whose deletion it cancelled is open as disabled.
    const second = await harness.sweep();
    expect(active(imported().flat())).toEqual(openIds(second.findings));

    // An event and a Config evaluation that see nothing new send nothing.
    await harness.kms(sample("kms/disable-key-rotation.json"));
    await harness.configRule(sample("config/kms-change.json"));
    expect(imported()).toEqual([]);
  });
});
