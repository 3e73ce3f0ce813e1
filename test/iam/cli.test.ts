/**
 * Every AWS call the command line makes is allowed by the policy `keysentry permissions` prints
 * for it, or, in a member account, by the audit role the stack creates; and every action those
 * policies hold is one a command calls. The commands run from source against the local endpoint
 * (the sample organization), behind the recording endpoint; decisions are @cloud-copilot/iam-simulate's.
 * `keysentry demo` is not here: it calls only the loopback endpoint it starts itself.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main";
import { PREFLIGHT_CALLS } from "../../cli/preflight/calls";
import { type LocalAws, startLocalAws } from "../../local-aws";
import { FAMILY_READS } from "../../shared/inventory";
import { defaultKeyPolicy } from "../../shared/rules";
import type { Template } from "../infra/support/cloudformation";
import { synthesize } from "../infra/support/synthesized";
import { stubCliEnvironment } from "../support/cli-environment";
import {
  type RecordingEndpoint,
  type SignedCall,
  startRecordingEndpoint,
} from "../support/recording-endpoint";
import { sampleOrganization, WORKLOADS_OU } from "../support/sample-organization";
import { actionsOf, DeployedPolicies, type PolicyDocument } from "./support/deployed-policies";
import { type IamRequest, iamRequestOf } from "./support/iam-requests";
import { decide } from "./support/simulate";

const SETTINGS = "examples/settings.json";
const IAM_SETTINGS = "test/iam/settings.json";
const ACCOUNT = "111122223333";
const CALLER = `arn:aws:iam::${ACCOUNT}:user/keysentry-operator`;
const REGIONS = ["eu-west-1", "us-east-1"];
/** Samples whose findings the IAM settings remediate: rotation, a cancelled deletion, a disabled key, an external grant. */
const REMEDIATED = [
  "kms/disable-key-rotation.json",
  "kms/schedule-key-deletion.json",
  "kms/disable-key.json",
  "kms/create-grant-external.json",
];
const SAMPLES = [
  "kms/disable-key.json",
  "kms/create-grant-external.json",
  "acm/expired.json",
  "acmpca/tag-certificate-authority.json",
];

let aws: LocalAws;
let endpoint: RecordingEndpoint;
let template: Template;
const now = new Date(Date.now() + 12 * 3_600_000);

beforeAll(async () => {
  template = synthesize({ settings: IAM_SETTINGS })("KeysentryMember");
  const { seed, organization } = sampleOrganization(now);
  aws = await startLocalAws({ seed, organization, clock: () => now });
  endpoint = await startRecordingEndpoint({
    localAws: aws.url,
    dynamodb: "http://127.0.0.1:9",
    forward: [
      ...["kms", "acm", "acm-pca", "tagging", "sts", "organizations"],
      // What preflight reads of the account's set-up, which the local endpoint serves.
      ...PREFLIGHT_CALLS.map((call) => call.replace(":", " ")),
    ],
    // us-east-1's bulk tag read fails: an organization scan there reads each troubled resource's own tags.
    refuse: (call) =>
      call.operation === "GetResources" && call.region === "us-east-1" ? "AccessDeniedException" : undefined,
  });
  stubCliEnvironment();
}, 120_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([endpoint?.close(), aws?.close()]);
});

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  vi.useFakeTimers({ toFake: ["Date"], now });
  const code = await main(args, { out: (t) => out.push(t), err: () => {} }).finally(() => vi.useRealTimers());
  return { code, out: out.join("\n") };
}

/** The calls one command makes. */
async function callsOf(args: string[], settings = SETTINGS): Promise<SignedCall[]> {
  const from = endpoint.calls.length;
  await cli([...args, "--endpoint", endpoint.url, "--settings", settings]);
  return endpoint.calls.slice(from);
}

async function printedPolicy(flags: string[] = [], settings = SETTINGS): Promise<PolicyDocument> {
  return JSON.parse((await cli(["permissions", "--settings", settings, ...flags])).out) as PolicyDocument;
}

/** The local endpoint's assumed-role keys name the account they act in: "ASIA" + 12 digits. */
const memberOf = (call: SignedCall) =>
  call.accessKeyId.startsWith("ASIA") ? call.accessKeyId.slice(4, 16) : undefined;

interface Evaluated {
  who: string;
  request: IamRequest;
  allowed: boolean;
  result: string;
}

/** Each call as the caller (with the printed policy) or as the audit role in a member account. */
async function evaluate(calls: readonly SignedCall[], callerPolicy: PolicyDocument): Promise<Evaluated[]> {
  const evaluated: Evaluated[] = [];
  for (const call of calls) {
    const member = memberOf(call);
    const account = member ?? ACCOUNT;
    const request = await iamRequestOf(call, { account, region: call.region });
    const inMember = member
      ? new DeployedPolicies(template, { account: member, region: "eu-west-1" })
      : undefined;
    const audit = inMember?.roles().find((r) => r.logicalId.startsWith("AuditRole"));
    const principal = audit ? `arn:aws:sts::${member}:assumed-role/${audit.name}/keysentry-scan` : CALLER;
    const identity = audit ? audit.identityPolicies : [{ name: "printed", policy: callerPolicy }];
    const resourceAccount = request.resource.split(":")[4] || account;
    // The audit role's trust policy, in the account that holds it.
    const trust =
      request.action === "sts:AssumeRole"
        ? new DeployedPolicies(template, { account: resourceAccount, region: "eu-west-1" })
            .roles()
            .find((r) => r.arn === request.resource)?.trustPolicy
        : undefined;
    const keyPolicy =
      request.action.startsWith("kms:") && request.resource !== "*"
        ? defaultKeyPolicy(resourceAccount)
        : undefined;
    const decision = await decide(
      {
        principal,
        action: request.action,
        resource: request.resource,
        resourceAccount,
        context: { "aws:PrincipalAccount": account, "aws:RequestedRegion": call.region },
      },
      identity,
      trust ?? keyPolicy,
    );
    evaluated.push({ who: audit ? `audit role in ${member}` : "caller", request, ...decision });
  }
  return evaluated;
}

const denied = (evaluated: readonly Evaluated[]) => [
  ...new Set(
    evaluated
      .filter((e) => !e.allowed)
      .map((e) => `${e.who}: ${e.request.action} on ${e.request.resource} (${e.result})`),
  ),
];

/** ACM's listing where ACM predates SearchCertificates (FAMILY_READS): the local endpoint has it. */
const LISTING_FALLBACK = new Set(
  FAMILY_READS["AWS::ACM::Certificate"].listing.filter((a) => a !== "acm:SearchCertificates"),
);

function unused(policy: PolicyDocument, evaluated: readonly Evaluated[]): string[] {
  const used = new Set(evaluated.map((e) => e.request.action.toLowerCase()));
  return policy.Statement.flatMap(actionsOf).filter(
    (a) => !used.has(a.toLowerCase()) && !LISTING_FALLBACK.has(a),
  );
}

describe("the command line's calls", () => {
  it("scan and replay: allowed by `keysentry permissions`, which holds nothing they do not call", async () => {
    const calls = [
      ...(await callsOf(["scan", "--region", "eu-west-1", "--quiet", "--format", "json"])),
      ...(
        await Promise.all(
          SAMPLES.map(async (sample) => callsOf(["replay", `events/${sample}`, "--format", "json"])),
        )
      ).flat(),
    ];
    const policy = await printedPolicy();
    const evaluated = await evaluate(calls, policy);
    expect(denied(evaluated)).toEqual([]);
    expect(unused(policy, evaluated)).toEqual([]);
  }, 60_000);

  it("scan --security-hub: allowed by `keysentry permissions --security-hub`, and its import statement is used", async () => {
    const calls = await callsOf([
      "scan",
      "--region",
      "eu-west-1",
      "--quiet",
      "--format",
      "json",
      "--security-hub",
    ]);
    const policy = await printedPolicy(["--security-hub"]);
    const evaluated = await evaluate(calls, policy);
    expect(denied(evaluated)).toEqual([]);
    expect(evaluated.map((e) => e.request.action)).toContain("securityhub:BatchImportFindings");
  }, 60_000);

  it("replay --apply: its writes and a fix's own reads allowed by `keysentry permissions --apply`, each of them made", async () => {
    // As a user runs it, without --endpoint: the SDK's AWS_ENDPOINT_URL sends every client here, so
    // the key's state before its deletion is read from AWS Config and CloudTrail.
    vi.stubEnv("AWS_ENDPOINT_URL", endpoint.url);
    const from = endpoint.calls.length;
    try {
      for (const sample of REMEDIATED)
        await cli(["replay", `events/${sample}`, "--apply", "--format", "json", "--settings", IAM_SETTINGS]);
    } finally {
      vi.stubEnv("AWS_ENDPOINT_URL", "");
    }
    const policy = await printedPolicy(["--apply"], IAM_SETTINGS);
    const evaluated = await evaluate(endpoint.calls.slice(from), policy);
    expect(denied(evaluated)).toEqual([]);
    const added = policy.Statement.filter((s) =>
      (s as { Sid?: string }).Sid?.startsWith("KeysentryRemediation"),
    );
    expect(added.length).toBe(2);
    expect(unused({ Statement: added }, evaluated)).toEqual([]);
  }, 60_000);

  it("preflight: allowed by `keysentry permissions --preflight`, which holds nothing it does not call", async () => {
    // Settings with the Security Hub channel on, so preflight checks the hub too.
    const calls = await callsOf(["preflight", "--region", "eu-west-1", "--format", "json"], IAM_SETTINGS);
    const policy = await printedPolicy(["--preflight"]);
    const evaluated = await evaluate(calls, policy);
    expect(denied(evaluated)).toEqual([]);
    expect(unused(policy, evaluated)).toEqual([]);
  }, 60_000);

  it("scan --organization: the caller's calls allowed by `permissions --organization`, each member's by its audit role", async () => {
    const regions = REGIONS.flatMap((r) => ["--region", r]);
    const calls = [
      ...(await callsOf(["scan", "--organization", ...regions, "--format", "json"])),
      // Accounts under an OU: listed through its children (ListChildren, ListAccountsForParent).
      ...(await callsOf([
        "scan",
        "--organization",
        "--ou",
        WORKLOADS_OU,
        "--region",
        "eu-west-1",
        "--format",
        "json",
      ])),
    ];
    const policy = await printedPolicy(["--organization"]);
    const evaluated = await evaluate(calls, policy);
    expect(evaluated.some((e) => e.who.startsWith("audit role"))).toBe(true);
    // The sample's sandbox account trusts another account: its AssumeRole is refused by its own trust, as it should be.
    const refusedByTrust = (e: Evaluated) =>
      e.request.action === "sts:AssumeRole" && e.request.resource.includes(":210000000002:");
    expect(denied(evaluated.filter((e) => !refusedByTrust(e)))).toEqual([]);
    expect(
      unused(
        policy,
        evaluated.filter((e) => e.who === "caller"),
      ),
    ).toEqual([]);
    const audit = new DeployedPolicies(template, { account: ACCOUNT, region: "eu-west-1" })
      .roles()
      .find((r) => r.logicalId.startsWith("AuditRole"))!;
    const auditPolicy = { Statement: audit.identityPolicies.flatMap((p) => p.policy.Statement) };
    expect(
      unused(
        auditPolicy,
        evaluated.filter((e) => e.who.startsWith("audit role")),
      ),
    ).toEqual([]);
  }, 60_000);
});
