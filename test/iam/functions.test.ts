/**
 * Every AWS call each function makes is allowed by the synthesized stack, and every action its
 * roles hold is one a call needs. The calls are recorded from the real bundles, run over every
 * sample that reaches them with remediation and every channel on (test/iam/settings.json); the
 * decisions are @cloud-copilot/iam-simulate's, against the template resolved for the sample
 * account, its identity policies and the resource policies in play.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { FAMILY_READS } from "../../shared/inventory";
import { CHANNELS } from "../../shared/settings";
import { synthesize } from "../infra/support/synthesized";
import { NOW } from "../support/event-harness";
import { actionsOf, DeployedPolicies, type DeployedRole } from "./support/deployed-policies";
import { type EvaluatedCall, evaluateRuns } from "./support/function-requests";
import { type FunctionRun, runFunctions } from "./support/function-runs";

const SETTINGS_FILE = "test/iam/settings.json";
const PLACE = { account: "111122223333", region: "eu-west-1" };
const PREFIX = "keysentry";

let deployed: DeployedPolicies;
let runs: FunctionRun[];
let evaluated: EvaluatedCall[];

beforeAll(async () => {
  deployed = new DeployedPolicies(synthesize({ settings: SETTINGS_FILE })("KeysentryMember"), PLACE);
  const settings = JSON.parse(readFileSync(SETTINGS_FILE, "utf8"));
  runs = await runFunctions(deployed.functions(), deployed.configRules(), PREFIX, settings, NOW);
  evaluated = await evaluateRuns(deployed, runs);
}, 120_000);

const opsCenter = CHANNELS.find((c) => c.id === "opscenter")?.permissions?.(undefined as never) ?? [];

/**
 * Actions a role may hold for a path the run does not reach, each from a registry entry, with why
 * it is not reached here. Keep it short: a path that can be driven is driven instead.
 */
const DECLARED: readonly { actions: readonly string[]; why: string }[] = [
  {
    // The OpsCenter channel's resolve (shared/channels/opscenter.ts).
    actions: opsCenter.filter((p) => p.resolving).flatMap((p) => p.actions),
    why: "acm-events resolves a ticket when a certificate's finding passes again: no sample certificate changes between two events",
  },
  {
    actions: FAMILY_READS["AWS::ACM::Certificate"].listing.filter((a) => a !== "acm:SearchCertificates"),
    why: "ACM's listing where ACM predates SearchCertificates: the local endpoint has it",
  },
];
const declared = new Set(DECLARED.flatMap((d) => d.actions));

/** The Lambda runtime writes the function's logs with its role (AWSLambdaBasicExecutionRole): no SDK call shows it. */
const RUNTIME_ACTIONS = new Set(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]);

function grantedActions(role: DeployedRole): string[] {
  return [
    ...new Set(
      role.identityPolicies.flatMap(({ policy }) =>
        policy.Statement.filter((s) => s.Effect === "Allow").flatMap(actionsOf),
      ),
    ),
  ]
    .filter((action) => !RUNTIME_ACTIONS.has(action))
    .sort();
}

describe("each function's recorded calls", () => {
  it("ran every invocation to an answer", () => {
    for (const run of runs)
      for (const result of run.results)
        expect(result, `${run.name}: ${JSON.stringify(result).slice(0, 300)}`).not.toHaveProperty("error");
  });

  it("are all calls the mapping knows", () => {
    const unknown = evaluated.filter((e) => e.unmapped).map((e) => `${e.function}: ${e.unmapped}`);
    expect(unknown).toEqual([]);
  });

  it("are all allowed by the stack's identity and resource policies", () => {
    const denied = evaluated
      .filter((e) => !e.unmapped && !e.decision.allowed)
      .map(
        (e) =>
          `${e.function} as ${e.role}: ${e.request.action} on ${e.request.resource} (${e.decision.result})`,
      );
    expect([...new Set(denied)]).toEqual([]);
  });

  it("use every action each role holds", () => {
    // Every role of the stack but the audit role, whose calls are the command line's (cli.test.ts).
    const roles = deployed.roles().filter((r) => !r.logicalId.startsWith("AuditRole"));
    const unused: string[] = [];
    for (const role of roles) {
      const used = new Set(
        evaluated.filter((e) => e.roleArn === role.arn).map((e) => e.request.action.toLowerCase()),
      );
      for (const action of grantedActions(role))
        if (!used.has(action.toLowerCase()) && !declared.has(action)) unused.push(`${role.name}: ${action}`);
    }
    expect(unused).toEqual([]);
  });

  it("declare only paths that registries name and some role holds", () => {
    expect(DECLARED.every((d) => d.actions.length > 0)).toBe(true);
    const held = new Set(deployed.roles().flatMap(grantedActions));
    for (const action of declared) expect(held, action).toContain(action);
  });

  it("include the sweep's lease: taken and given up by conditional PutItem on the state table, allowed to the sweep's role", () => {
    const sweep = runs.find((r) => r.name.endsWith("-sweep"))!;
    const lease = sweep.calls.filter(
      (c) => c.operation === "PutItem" && JSON.stringify(c.input.Item ?? {}).includes("lease#sweep"),
    );
    // Two sweeps, each taking the lease and giving it up before it continues or ends.
    expect(lease.length).toBeGreaterThanOrEqual(4);
    const puts = evaluated.filter(
      (e) => e.function === sweep.name && e.request.action === "dynamodb:PutItem",
    );
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.every((e) => e.decision.allowed)).toBe(true);
  });

  it("name the remediation role's session for every write, and the function's for everything else", () => {
    const remediation = deployed.roles().find((r) => r.logicalId.startsWith("RemediationRole"))!;
    const writes = evaluated.filter((e) => e.roleArn === remediation.arn);
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes)
      expect(write.request.action).toMatch(
        /^kms:(EnableKeyRotation|CancelKeyDeletion|EnableKey|RevokeGrant)$/,
      );
  });
});
