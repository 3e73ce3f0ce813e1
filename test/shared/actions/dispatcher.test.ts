/**
 * The dispatcher's decisions, one finding at a time, against in-memory neighbours: the state
 * store, a chat channel and a ticket system that keep what they were given, and a key whose
 * rotation or state the actuator may or may not really change. What each transition means is
 * state-store.test.ts's table; this one is about what the dispatcher does with it.
 */
import { describe, expect, it, vi } from "vitest";
import {
  type ActionResult,
  type Alert,
  type DispatchOptions,
  dispatch,
  findingKey,
  MemoryStateStore,
  type Notifier,
  POLICY_CHANGE_NOTICE,
  RemediationBudget,
  type RemediationTools,
  type Ticketer,
} from "../../../shared/actions";
import type { EventCause } from "../../../shared/events";
import type { KeyReader } from "../../../shared/inventory";
import type {
  Finding,
  FindingExemption,
  KeyMetadata,
  KeySnapshot,
  RotationStatus,
} from "../../../shared/model";
import { defaultKeyPolicy, exampleKey } from "../../../shared/rules";
import { parseSettings, type RuleMode, selectRules } from "../../../shared/settings";

const NOW = new Date("2026-11-01T12:00:00Z");
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

const ROTATION_OFF = exampleKey({ rotation: { supported: true, enabled: false } });
const UNAVAILABLE = exampleKey({ key: { keyState: "Unavailable" } });

/** A finding about ROTATION_OFF; the default is its kms-rotation-enabled trouble. */
const finding = (overrides: Partial<Finding> = {}, key: KeySnapshot = ROTATION_OFF): Finding => ({
  ruleId: "kms-rotation-enabled",
  resourceType: "AWS::KMS::Key",
  resourceId: key.key.keyId,
  resourceArn: key.key.arn,
  account: key.account,
  region: key.region,
  status: "NON_COMPLIANT",
  severity: "MEDIUM",
  annotation: `key ${key.key.keyId}: automatic rotation is off`,
  evidence: { keyRotationEnabled: false },
  ...overrides,
});

const fixed = finding({ status: "COMPLIANT", annotation: "automatic rotation is on", evidence: {} });
const unreadable = finding({
  status: "ERROR",
  annotation: "GetKeyRotationStatus failed: ThrottlingException",
  evidence: { failure: { code: "ThrottlingException", operation: "GetKeyRotationStatus" } },
});

const TAG = "keysentry:exempt";
const EXEMPTIONS = {
  exempt: { state: "exempt", tag: TAG, reason: "waiting for the vendor", until: "2027-06-30" },
  expired: { state: "expired", tag: TAG, reason: "the exemption ended on 2026-10-01", until: "2026-10-01" },
  invalid: { state: "invalid", tag: TAG, reason: 'keysentry:exempt-until="soon" is not a date' },
  unreadable: {
    state: "unreadable",
    tag: TAG,
    reason:
      "exemption tags could not be read (ListResourceTags: AccessDeniedException); alerting, not remediating",
  },
} satisfies Record<string, FindingExemption>;
const withExemption = (state: keyof typeof EXEMPTIONS, base = finding()): Finding => ({
  ...base,
  exemption: EXEMPTIONS[state],
});

/** A chat channel that keeps every alert it is sent. */
function recordingNotifier(name = "chat") {
  const sent: Alert[] = [];
  const notifier: Notifier = { name, send: async (alert) => void sent.push(alert) };
  return { notifier, sent };
}

/** A ticket system with one ticket per finding while it is open; updating an open one keeps its id. */
function recordingTicketer(name = "tracker") {
  const open = new Map<string, string>();
  let opened = 0;
  const ticketer: Ticketer = {
    name,
    open: async (alert) => {
      const id = open.get(findingKey(alert.finding)) ?? `T-${++opened}`;
      open.set(findingKey(alert.finding), id);
      return id;
    },
    resolve: async (alert) => {
      const id = open.get(findingKey(alert.finding));
      open.delete(findingKey(alert.finding));
      return id;
    },
  };
  return { ticketer, open };
}

/**
 * A key as KMS holds it: the actuator's writes are recorded, and change what the reader
 * returns only when the fix `takes` (a KMS that answers but changes nothing otherwise).
 */
function keyInKms(snapshot: KeySnapshot, takes: boolean) {
  const writes: string[] = [];
  let key: KeyMetadata = snapshot.key;
  let rotation: RotationStatus =
    snapshot.rotation.state === "read" ? snapshot.rotation.value : { supported: true, enabled: false };
  const reader = {
    describeKey: async () => key,
    aliasesOf: async () => snapshot.aliases,
    rotationStatus: async () => rotation,
  } as unknown as KeyReader;
  const tools: RemediationTools = {
    reader,
    actuator: {
      enableKeyRotation: async (arn, days) => {
        writes.push(`EnableKeyRotation ${arn} ${days}`);
        if (takes) rotation = { supported: true, enabled: true, periodDays: days };
      },
      cancelKeyDeletion: async (arn) => void writes.push(`CancelKeyDeletion ${arn}`),
      revokeGrant: async (arn, grantId) => void writes.push(`RevokeGrant ${arn} ${grantId}`),
      enableKey: async (arn) => {
        writes.push(`EnableKey ${arn}`);
        if (takes) key = { ...key, keyState: "Enabled" };
      },
    },
    priorState: { stateBeforeDeletion: async () => undefined },
  };
  return { tools, writes };
}

/** An action in one line; alerts and tickets with their detail (the transition, the ticket). */
const line = (a: ActionResult) =>
  `${a.action} ${a.target} ${a.status}${a.action === "alert" || a.action === "ticket" ? `: ${a.detail}` : ""}`;

interface Case {
  what: string;
  mode: RuleMode;
  finding: Finding;
  /** The same resource dispatched earlier, in the same mode, with no remediation deployed. */
  before?: { finding: Finding; hoursAgo: number };
  /** Deployed remediation, and whether KMS really applies the fix; not deployed when absent. */
  remediation?: "takes" | "changes nothing";
  dryRun?: boolean;
  /** The run's remediation cap; unlimited when absent. */
  budget?: number;
  /** The snapshot the finding came from; `null` when there is none. */
  snapshot?: KeySnapshot | null;
  actions: string[];
  /** Writes to KMS. */
  writes?: number;
  /** The detail of the remediation or exemption action. */
  why?: RegExp;
  /** The exemption note the alert carries; none when absent. */
  note?: RegExp;
}

async function run(c: Case) {
  const settings = parseSettings({
    dryRun: c.dryRun ?? false,
    rules: { [c.finding.ruleId]: { mode: c.mode } },
  });
  const chat = recordingNotifier();
  const tracker = recordingTicketer();
  const snapshot = c.snapshot === null ? undefined : (c.snapshot ?? ROTATION_OFF);
  const kms = keyInKms(snapshot ?? ROTATION_OFF, c.remediation === "takes");
  const options: DispatchOptions = {
    settings,
    rules: new Map(selectRules(settings).map((s) => [s.rule.id, s])),
    store: new MemoryStateStore(),
    notifiers: [chat.notifier],
    ticketers: [tracker.ticketer],
    remediation: c.remediation ? kms.tools : undefined,
    remediationBudget: c.budget === undefined ? undefined : new RemediationBudget(c.budget),
    now: NOW,
  };
  if (c.before)
    await dispatch([c.before.finding], snapshot, undefined, {
      ...options,
      remediation: undefined,
      remediationBudget: undefined,
      now: hoursBefore(c.before.hoursAgo),
    });
  chat.sent.length = 0;
  const actions = await dispatch([c.finding], snapshot, undefined, options);
  return { actions, sent: chat.sent, writes: kms.writes };
}

const earlier = (f: Finding, hoursAgo = 1) => ({ finding: f, hoursAgo });

describe("dispatch: what happens to one finding", () => {
  it.each<Case>([
    // What the mode asks for
    { what: "report: nothing is told", mode: "report", finding: finding(), actions: [] },
    {
      what: "alert: new trouble is alerted, no ticket",
      mode: "alert",
      finding: finding(),
      actions: ["alert chat sent: new"],
    },
    {
      what: "alert: the same trouble inside the window is de-duplicated",
      mode: "alert",
      finding: finding(),
      before: earlier(finding()),
      actions: ["dedup state skipped"],
    },
    {
      what: "alert: the same trouble after the window is a reminder",
      mode: "alert",
      finding: finding(),
      before: earlier(finding(), 25),
      actions: ["alert chat sent: reminder"],
    },
    {
      what: "alert: a fix is told, and tickets are asked to close",
      mode: "alert",
      finding: fixed,
      before: earlier(finding()),
      actions: ["alert chat sent: resolved", "ticket tracker sent: no open ticket"],
    },
    { what: "alert: compliant and never in trouble", mode: "alert", finding: fixed, actions: [] },
    {
      what: "ticket: new trouble is alerted and ticketed",
      mode: "ticket",
      finding: finding(),
      actions: ["alert chat sent: new", "ticket tracker sent: T-1"],
    },
    {
      what: "ticket: a repeat inside the window opens no second ticket",
      mode: "ticket",
      finding: finding(),
      before: earlier(finding()),
      actions: ["dedup state skipped"],
    },
    {
      what: "ticket: a reminder updates the open ticket",
      mode: "ticket",
      finding: finding(),
      before: earlier(finding(), 25),
      actions: ["alert chat sent: reminder", "ticket tracker sent: T-1"],
    },
    {
      what: "ticket: a fix closes the ticket that was opened",
      mode: "ticket",
      finding: fixed,
      before: earlier(finding()),
      actions: ["alert chat sent: resolved", "ticket tracker sent: resolved T-1"],
    },
    // Remediation
    {
      what: "remediate: a fix that takes is verified, told, and needs no ticket",
      mode: "remediate",
      finding: finding(),
      remediation: "takes",
      actions: [
        "remediation enable-key-rotation verified",
        "alert chat sent: new",
        "ticket tracker sent: no open ticket",
      ],
      writes: 1,
      why: /called EnableKeyRotation with a 365-day period; a fresh read passes kms-rotation-enabled/,
    },
    {
      what: "remediate: a fix that does not take is not verified, and a ticket is opened",
      mode: "remediate",
      finding: finding(),
      remediation: "changes nothing",
      actions: [
        "remediation enable-key-rotation not-verified",
        "alert chat sent: new",
        "ticket tracker sent: T-1",
      ],
      writes: 1,
      why: /a fresh read is NON_COMPLIANT for kms-rotation-enabled/,
    },
    {
      what: "remediate: a repeat inside the window is not remediated again",
      mode: "remediate",
      finding: finding(),
      before: earlier(finding()),
      remediation: "takes",
      actions: ["dedup state skipped"],
    },
    {
      what: "remediate: dry run changes nothing",
      mode: "remediate",
      finding: finding(),
      remediation: "takes",
      dryRun: true,
      actions: [
        "remediation enable-key-rotation skipped",
        "alert chat sent: new",
        "ticket tracker sent: T-1",
      ],
      why: /^dry run/,
    },
    {
      what: "remediate: where remediation is not deployed, alert and ticket instead",
      mode: "remediate",
      finding: finding(),
      actions: [
        "remediation enable-key-rotation skipped",
        "alert chat sent: new",
        "ticket tracker sent: T-1",
      ],
      why: /not deployed/,
    },
    {
      what: "remediate: the run's cap is spent",
      mode: "remediate",
      finding: finding(),
      remediation: "takes",
      budget: 0,
      actions: [
        "remediation enable-key-rotation skipped",
        "alert chat sent: new",
        "ticket tracker sent: T-1",
      ],
      why: /cap of 0 remediations is reached/,
    },
    {
      what: "remediate: within the cap",
      mode: "remediate",
      finding: finding(),
      remediation: "takes",
      budget: 1,
      actions: [
        "remediation enable-key-rotation verified",
        "alert chat sent: new",
        "ticket tracker sent: no open ticket",
      ],
      writes: 1,
    },
    {
      what: "remediate: a fix KMS would refuse is not attempted",
      mode: "remediate",
      finding: finding({ ruleId: "kms-key-enabled", evidence: { keyState: "Unavailable" } }, UNAVAILABLE),
      snapshot: UNAVAILABLE,
      remediation: "takes",
      actions: ["remediation enable-key skipped", "alert chat sent: new", "ticket tracker sent: T-1"],
      why: /^not attempted: the key is Unavailable/,
    },
    {
      what: "remediate: an ERROR finding is told, never remediated",
      mode: "remediate",
      finding: unreadable,
      remediation: "takes",
      actions: ["alert chat sent: new", "ticket tracker sent: T-1"],
    },
    {
      what: "remediate: without a snapshot there is nothing to remediate from",
      mode: "remediate",
      finding: finding(),
      snapshot: null,
      remediation: "takes",
      actions: ["alert chat sent: new", "ticket tracker sent: T-1"],
    },
    // Exemptions
    {
      what: "exempt: skipped, nothing told",
      mode: "alert",
      finding: withExemption("exempt"),
      actions: [`exemption ${TAG} skipped`],
      why: /^exempt until 2027-06-30: waiting for the vendor$/,
    },
    {
      what: "exempt: never remediated",
      mode: "remediate",
      finding: withExemption("exempt"),
      remediation: "takes",
      actions: [`exemption ${TAG} skipped`],
    },
    {
      what: "exempt: in report mode, not even the exemption is recorded",
      mode: "report",
      finding: withExemption("exempt"),
      actions: [],
    },
    {
      what: "exempt after being told: the trouble resolves and its ticket closes",
      mode: "ticket",
      finding: withExemption("exempt"),
      before: earlier(finding()),
      actions: [`exemption ${TAG} skipped`, "alert chat sent: resolved", "ticket tracker sent: resolved T-1"],
    },
    {
      what: "exempt, and exempt before: stays quiet",
      mode: "ticket",
      finding: withExemption("exempt"),
      before: earlier(withExemption("exempt")),
      actions: [`exemption ${TAG} skipped`],
    },
    {
      what: "an exemption that ran out is told once, with the trouble it brings back",
      mode: "alert",
      finding: withExemption("expired"),
      before: earlier(withExemption("exempt"), 48),
      actions: [`exemption ${TAG} lapsed`, "alert chat sent: new"],
      why: /^the exemption ended on 2026-10-01$/,
      note: /^the exemption ended on 2026-10-01$/,
    },
    {
      what: "a lapsed exemption already told: de-duplicated, the lapse not told again",
      mode: "alert",
      finding: withExemption("expired"),
      before: earlier(withExemption("expired")),
      actions: ["dedup state skipped"],
    },
    {
      what: "a lapsed exemption told a day ago: the reminder does not tell the lapse again",
      mode: "alert",
      finding: withExemption("expired"),
      before: earlier(withExemption("expired"), 25),
      actions: ["alert chat sent: reminder"],
    },
    {
      what: "an exemption date nobody can read exempts nothing, and the alert says why",
      mode: "alert",
      finding: withExemption("invalid"),
      actions: ["alert chat sent: new"],
      note: /is not a date/,
    },
    {
      what: "exemption tags that cannot be read: alerted and ticketed, never remediated",
      mode: "remediate",
      finding: withExemption("unreadable"),
      remediation: "takes",
      actions: [
        "remediation enable-key-rotation skipped",
        "alert chat sent: new",
        "ticket tracker sent: T-1",
      ],
      why: /could not be read/,
      note: /could not be read/,
    },
  ])("$what", async (c) => {
    const { actions, sent, writes } = await run(c);
    expect(actions.map(line)).toEqual(c.actions);
    expect(writes).toHaveLength(c.writes ?? 0);
    if (c.why)
      expect(actions.find((a) => a.action === "remediation" || a.action === "exemption")?.detail).toMatch(
        c.why,
      );
    // Every alert says what remediation did, and carries the exemption note when there is one.
    for (const alert of sent) {
      expect(alert.actions).toEqual(actions.filter((a) => a.action === "remediation"));
      if (c.note) expect(alert.exemptionNote).toMatch(c.note);
      else expect(alert.exemptionNote).toBeUndefined();
    }
    expect(sent.map((a) => a.transition)).toEqual(
      actions.filter((a) => a.action === "alert").map((a) => a.detail),
    );
  });
});

describe("dispatch: across findings and runs", () => {
  const remediating = (budget?: RemediationBudget) => {
    const settings = parseSettings({ rules: { "kms-rotation-enabled": { mode: "remediate" } } });
    const chat = recordingNotifier();
    const kms = keyInKms(ROTATION_OFF, true);
    const options: DispatchOptions = {
      settings,
      rules: new Map(selectRules(settings).map((s) => [s.rule.id, s])),
      store: new MemoryStateStore(),
      notifiers: [chat.notifier],
      ticketers: [],
      remediation: kms.tools,
      remediationBudget: budget,
      now: NOW,
    };
    return { options, sent: chat.sent, writes: kms.writes };
  };

  it("records a verified fix as compliant, so the trouble read again later is new, not a repeat", async () => {
    const { options } = remediating();
    await dispatch([finding()], ROTATION_OFF, undefined, options);
    const again = await dispatch([finding()], ROTATION_OFF, undefined, {
      ...options,
      remediation: undefined,
    });
    expect(again.map(line)).toEqual(["remediation enable-key-rotation skipped", "alert chat sent: new"]);
  });

  it("spends one cap across the run's dispatches: past it, alerts instead of changing keys", async () => {
    const budget = new RemediationBudget(1);
    const { options, writes } = remediating(budget);
    const other = exampleKey({
      key: { keyId: "5678efgh-56ef-78ab-90cd-567890abcdef" },
      rotation: { supported: true, enabled: false },
    });
    const first = await dispatch([finding()], ROTATION_OFF, undefined, options);
    const second = await dispatch([finding({}, other)], other, undefined, options);
    expect(first.map(line)).toEqual(["remediation enable-key-rotation verified", "alert chat sent: new"]);
    expect(second.map(line)).toEqual(["remediation enable-key-rotation skipped", "alert chat sent: new"]);
    expect(writes).toEqual([`EnableKeyRotation ${ROTATION_OFF.key.arn} 365`]);
  });

  it("leaves the cap to the next key when a remediation is refused before any change", async () => {
    const budget = new RemediationBudget(1);
    const settings = parseSettings({ rules: { "kms-rotation-period": { mode: "remediate" } } });
    const imported = exampleKey({
      key: { keyId: "9999aaaa-56ef-78ab-90cd-567890abcdef", origin: "EXTERNAL" },
      rotation: { supported: true, enabled: true, periodDays: 730 },
    });
    const { options, writes } = remediating(budget);
    const withPeriod = {
      ...options,
      settings,
      rules: new Map(selectRules(settings).map((s) => [s.rule.id, s])),
    };
    const drift = (key: KeySnapshot) =>
      finding({ ruleId: "kms-rotation-period", annotation: "rotation every 730 days" }, key);
    const refused = await dispatch([drift(imported)], imported, undefined, withPeriod);
    expect(refused[0]).toMatchObject({ status: "skipped", detail: expect.stringContaining("not attempted") });
    const fixedNext = await dispatch([finding()], ROTATION_OFF, undefined, options);
    expect(fixedNext.map(line)).toContain("remediation enable-key-rotation verified");
    expect(writes).toEqual([`EnableKeyRotation ${ROTATION_OFF.key.arn} 365`]);
  });

  it("reports a failed delivery, tells onFailure once, and still delivers to the other channels", async () => {
    const settings = parseSettings({ rules: { "kms-rotation-enabled": { mode: "ticket" } } });
    const chat = recordingNotifier();
    const tracker = recordingTicketer();
    const down = new Error("webhook answered 503");
    const onFailure = vi.fn();
    const actions = await dispatch([finding()], ROTATION_OFF, undefined, {
      settings,
      rules: new Map(selectRules(settings).map((s) => [s.rule.id, s])),
      store: new MemoryStateStore(),
      notifiers: [{ name: "broken", send: () => Promise.reject(down) }, chat.notifier],
      ticketers: [tracker.ticketer],
      now: NOW,
      onFailure,
    });
    expect(actions.map(line)).toEqual([
      "alert broken failed: webhook answered 503",
      "alert chat sent: new",
      "ticket tracker sent: T-1",
    ]);
    expect(onFailure).toHaveBeenCalledExactlyOnceWith("alert broken", down, finding());
  });
});

describe("dispatch: key-policy changes", () => {
  const ORIGINAL = JSON.stringify(defaultKeyPolicy());
  const statement = (Sid: string, account: string) => ({
    Sid,
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: "kms:Decrypt",
    Resource: "*",
  });
  const withStatement = (extra: object) => ({
    ...defaultKeyPolicy(),
    Statement: [...defaultKeyPolicy().Statement, extra],
  });
  /** Access for an account nobody trusts: a new kind of access. */
  const EXTERNAL = withStatement(statement("Partner", "999988887777"));
  /** One more statement for the key's own account: a change, but no new kind of access. */
  const OWN = withStatement(statement("Auditors", "111122223333"));
  const putKeyPolicy: EventCause = {
    name: "PutKeyPolicy",
    eventId: "7d5e1b2a-0000-4000-8000-000000000001",
    time: NOW.toISOString(),
    actor: "IAM user alice",
    facts: {},
  };
  const policyTrouble = (key: KeySnapshot) =>
    finding(
      {
        ruleId: "kms-policy-trusted-accounts",
        severity: "HIGH",
        annotation: "the key policy grants 999988887777",
        evidence: { untrusted: ["999988887777"] },
      },
      key,
    );
  const quiet = (key: KeySnapshot) =>
    finding({ status: "COMPLIANT", annotation: "automatic rotation is on", evidence: {} }, key);

  interface PolicyCase {
    what: string;
    policy: object;
    /** The policy keysentry saw before; none when absent. */
    remembered?: object;
    cause?: EventCause;
    policyChanges?: "all" | "new-access" | "off";
    findings: (key: KeySnapshot) => Finding[];
    actions: string[];
    /** Which alert carries the change, by transition. */
    carriedBy?: string;
    appeared?: string[];
  }

  it.each<PolicyCase>([
    {
      what: "new access with no policy alert: told as a notice of its own",
      policy: EXTERNAL,
      remembered: JSON.parse(ORIGINAL),
      findings: (key) => [quiet(key)],
      actions: ["alert chat sent: policy-changed"],
      carriedBy: "policy-changed",
      appeared: ["external-account"],
    },
    {
      what: "new access with a policy rule alert: the alert carries the change, no second message",
      policy: EXTERNAL,
      remembered: JSON.parse(ORIGINAL),
      findings: (key) => [policyTrouble(key)],
      actions: ["alert chat sent: new"],
      carriedBy: "new",
      appeared: ["external-account"],
    },
    {
      what: "an alert from a rule that does not read the policy does not carry it: the notice follows",
      policy: EXTERNAL,
      remembered: JSON.parse(ORIGINAL),
      findings: (key) => [finding({}, key)],
      actions: ["alert chat sent: new", "alert chat sent: policy-changed"],
      carriedBy: "policy-changed",
      appeared: ["external-account"],
    },
    {
      what: "a change that adds no kind of access: not told under new-access",
      policy: OWN,
      remembered: JSON.parse(ORIGINAL),
      findings: (key) => [quiet(key)],
      actions: [],
    },
    {
      what: "a change that adds no kind of access: told under all",
      policy: OWN,
      remembered: JSON.parse(ORIGINAL),
      policyChanges: "all",
      findings: (key) => [quiet(key)],
      actions: ["alert chat sent: policy-changed"],
      carriedBy: "policy-changed",
      appeared: [],
    },
    {
      what: "policyChanges off: not told",
      policy: EXTERNAL,
      remembered: JSON.parse(ORIGINAL),
      policyChanges: "off",
      findings: (key) => [quiet(key)],
      actions: [],
    },
    {
      what: "no earlier policy: every access beyond the account counts as new",
      policy: EXTERNAL,
      findings: (key) => [quiet(key)],
      actions: ["alert chat sent: policy-changed"],
      carriedBy: "policy-changed",
      appeared: ["external-account"],
    },
    {
      what: "PutKeyPolicy that changed nothing: not told",
      policy: EXTERNAL,
      remembered: EXTERNAL,
      findings: (key) => [quiet(key)],
      actions: [],
    },
    {
      what: "a different policy seen by another path (the sweep): recorded, not told",
      policy: EXTERNAL,
      remembered: JSON.parse(ORIGINAL),
      cause: { ...putKeyPolicy, name: "Scheduled sweep" },
      findings: (key) => [quiet(key)],
      actions: [],
    },
  ])("$what", async (c) => {
    const key = exampleKey({ policy: c.policy });
    const settings = parseSettings({ policyChanges: c.policyChanges ?? "new-access" });
    const store = new MemoryStateStore();
    if (c.remembered) await store.rememberPolicy(key.key.arn, JSON.stringify(c.remembered), hoursBefore(2));
    const chat = recordingNotifier();
    const actions = await dispatch(c.findings(key), key, c.cause ?? putKeyPolicy, {
      settings,
      rules: new Map(selectRules(settings).map((s) => [s.rule.id, s])),
      store,
      notifiers: [chat.notifier],
      ticketers: [],
      now: NOW,
    });
    expect(actions.map(line)).toEqual(c.actions);
    const carriers = chat.sent.filter((a) => a.policyChange);
    expect(carriers.map((a) => a.transition)).toEqual(c.carriedBy ? [c.carriedBy] : []);
    if (c.appeared) expect(carriers[0]?.policyChange?.appearedClasses).toEqual(c.appeared);
    const notice = chat.sent.find((a) => a.transition === "policy-changed");
    if (notice) {
      expect(notice.finding.ruleId).toBe(POLICY_CHANGE_NOTICE);
      expect(notice.finding.annotation).toMatch(/key policy changed by IAM user alice/);
    }
    // Whatever is told, the policy seen is the next diff's baseline.
    expect((await store.lastPolicy(key.key.arn))?.text).toBe(JSON.stringify(c.policy));
  });
});
