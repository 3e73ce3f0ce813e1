import { identityOf } from "../engine";
import type { EventCause } from "../events";
import { type Finding, type KeyPolicy, type KeySnapshot, type Snapshot, truncateAnnotation } from "../model";
import {
  analyseKeyPolicy,
  diffKeyPolicies,
  type GrantClass,
  parseKeyPolicy,
  type TrustContext,
} from "../policy";
import type { Settings } from "../settings";
import type { PolicyChange } from "./alert";
import type { StateStore } from "./state-store";

/** The notice's id in alerts and SNS attributes: a notification, not a rule (it never fails). */
export const POLICY_CHANGE_NOTICE = "kms-policy-change";

/**
 * The stored policy is refreshed when it is this old even if unchanged, so the state table's
 * expiry (90 days) never leaves a key without a baseline.
 */
const REFRESH_AFTER_MS = 30 * 86_400_000;

export interface PolicyNotice {
  change: PolicyChange;
  /** Told on its own when no policy rule alert carries it. */
  finding: Finding;
  /** What the `policyChanges` setting asks to be told. */
  worthTelling: boolean;
}

interface NoticeOptions {
  settings: Settings;
  store: StateStore;
  now: Date;
}

const name = (s: { sid?: string; index: number }) => s.sid ?? `statement ${s.index + 1}`;

function trustOf(snapshot: KeySnapshot, settings: Settings): TrustContext {
  return {
    account: snapshot.account,
    keyArn: snapshot.key.arn,
    trustedAccounts: settings.trustedAccounts,
    trustedOrganizations: settings.organizationId ? [settings.organizationId] : [],
  };
}

/** The change against the last policy seen; without one, every kind of access beyond this account counts as new. */
function changeOf(
  previous: string | undefined,
  { document: current }: KeyPolicy,
  snapshot: KeySnapshot,
  settings: Settings,
): PolicyChange {
  const trust = trustOf(snapshot, settings);
  if (previous !== undefined) {
    try {
      const diff = diffKeyPolicies(parseKeyPolicy(previous), current, trust);
      return {
        baseline: true,
        added: diff.added.map(name),
        removed: diff.removed.map(name),
        changed: diff.changed.map((c) => name(c.after)),
        appearedClasses: diff.appearedClasses,
      };
    } catch {
      // A stored policy that no longer parses only loses the diff, never the notice.
    }
  }
  const classes = new Set<GrantClass>(analyseKeyPolicy(current, trust).grants.map((g) => g.class));
  classes.delete("own-account");
  return { baseline: false, added: [], removed: [], changed: [], appearedClasses: [...classes] };
}

function describeChange(change: PolicyChange, cause: EventCause): string {
  const parts = [
    change.added.length ? `added ${change.added.join(", ")}` : "",
    change.removed.length ? `removed ${change.removed.join(", ")}` : "",
    change.changed.length ? `changed ${change.changed.join(", ")}` : "",
    change.appearedClasses.length ? `new access: ${change.appearedClasses.join(", ")}` : "",
    change.baseline ? "" : "no earlier policy was recorded",
  ].filter(Boolean);
  return `key policy changed by ${cause.actor ?? "an unknown caller"}${parts.length ? `: ${parts.join("; ")}` : ""}`;
}

/**
 * Keeps the last policy seen for every key any path reads (events, the sweep), and for a
 * successful PutKeyPolicy works out what changed and who changed it.
 */
export async function policyNotice(
  snapshot: Snapshot | undefined,
  cause: EventCause | undefined,
  options: NoticeOptions,
): Promise<PolicyNotice | undefined> {
  if (snapshot?.resourceType !== "AWS::KMS::Key" || snapshot.policy.state !== "read") return undefined;
  const policy = snapshot.policy.value;
  const { text } = policy;
  const remembered = await options.store.lastPolicy(snapshot.key.arn);
  const stale = !remembered || options.now.getTime() - remembered.seenAt.getTime() >= REFRESH_AFTER_MS;
  if (remembered?.text !== text || stale)
    await options.store.rememberPolicy(snapshot.key.arn, text, options.now);
  if (cause?.name !== "PutKeyPolicy" || remembered?.text === text) return undefined;
  const change = changeOf(remembered?.text, policy, snapshot, options.settings);
  const mode = options.settings.policyChanges;
  const who = identityOf(snapshot);
  const { label, ...resource } = who;
  return {
    change,
    worthTelling: mode === "all" || (mode === "new-access" && change.appearedClasses.length > 0),
    finding: {
      ruleId: POLICY_CHANGE_NOTICE,
      ...resource,
      status: "COMPLIANT",
      severity: change.appearedClasses.length > 0 ? "MEDIUM" : "INFO",
      annotation: truncateAnnotation(`${label}: ${describeChange(change, cause)}`),
      evidence: { ...change },
    },
  };
}
