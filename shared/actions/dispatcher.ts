import type { EventCause } from "../events";
import type { KeyReader } from "../inventory";
import type { Finding, KeySnapshot, Snapshot, Tags } from "../model";
import { diffKeyPolicies, parseKeyPolicy } from "../policy";
import type { RuleMode, Settings } from "../settings";
import type { ActionResult, Alert, Notifier, PolicyChange, Ticketer } from "./alert";
import { exemptionFor } from "./exemptions";
import { type KeyActuator, type PriorKeyState, remediationFor } from "./remediations";
import { isTrouble, NEWSWORTHY, type StateStore } from "./state-store";

export interface DispatchOptions {
  settings: Settings;
  modes: ReadonlyMap<string, RuleMode>;
  store: StateStore;
  notifiers: readonly Notifier[];
  ticketers: readonly Ticketer[];
  /** Reads a resource's tags; called only when a finding could be exempt. */
  tagsOf(finding: Finding): Promise<Tags>;
  /** Present only where remediation is deployed. */
  remediation?: { reader: KeyReader; actuator: KeyActuator; priorState: PriorKeyState };
  now: Date;
  /** Told about every failed delivery or remediation, for logs and metrics. */
  onFailure?(what: string, error: unknown, finding: Finding): void;
}

const result = (finding: Finding, fields: Omit<ActionResult, "ruleId" | "resourceArn">): ActionResult => ({
  ruleId: finding.ruleId,
  resourceArn: finding.resourceArn,
  ...fields,
});

/** Statements by Sid (or position) for the alert; the diff itself comes from the policy analyser. */
async function policyChange(
  snapshot: Snapshot | undefined,
  cause: EventCause | undefined,
  options: DispatchOptions,
): Promise<PolicyChange | undefined> {
  if (snapshot?.resourceType !== "AWS::KMS::Key" || snapshot.policy.state !== "read") return undefined;
  const current = snapshot.policy.value;
  const previous = await options.store.lastPolicy(snapshot.key.arn);
  if (previous !== current.text)
    await options.store.rememberPolicy(snapshot.key.arn, current.text, options.now);
  if (previous === undefined || previous === current.text || cause?.name !== "PutKeyPolicy") return undefined;
  const name = (s: { sid?: string; index: number }) => s.sid ?? `statement ${s.index + 1}`;
  try {
    const diff = diffKeyPolicies(parseKeyPolicy(previous), current.document, {
      account: snapshot.account,
      trustedAccounts: options.settings.trustedAccounts,
      trustedOrganizations: options.settings.organizationId ? [options.settings.organizationId] : [],
    });
    return {
      added: diff.added.map(name),
      removed: diff.removed.map(name),
      changed: diff.changed.map((c) => name(c.after)),
      appearedClasses: diff.appearedClasses,
    };
  } catch {
    return undefined; // a stored policy that no longer parses only loses the diff, never the alert
  }
}

async function remediate(
  finding: Finding,
  snapshot: Snapshot | undefined,
  options: DispatchOptions,
): Promise<ActionResult | undefined> {
  const remediation = remediationFor(finding.ruleId);
  if (!remediation || finding.status !== "NON_COMPLIANT" || snapshot?.resourceType !== "AWS::KMS::Key")
    return undefined;
  if (options.settings.dryRun)
    return result(finding, {
      action: "remediation",
      target: remediation.id,
      status: "skipped",
      detail: "dry run: nothing changed",
    });
  if (!options.remediation) {
    return result(finding, {
      action: "remediation",
      target: remediation.id,
      status: "skipped",
      detail: "remediation is not deployed here",
    });
  }
  try {
    const report = await remediation.apply({
      snapshot: snapshot as KeySnapshot,
      ...options.remediation,
      rotationPeriodDays: options.settings.remediation.rotationPeriodDays,
      now: options.now,
    });
    return result(finding, {
      action: "remediation",
      target: remediation.id,
      status: report.verified ? "verified" : "not-verified",
      detail: report.detail,
    });
  } catch (error) {
    options.onFailure?.(`remediation ${remediation.id}`, error, finding);
    return result(finding, {
      action: "remediation",
      target: remediation.id,
      status: "failed",
      detail: (error as Error).message,
    });
  }
}

/** One delivery to one channel; a failure is logged, counted and reported, never thrown. */
async function attempt(
  action: "alert" | "ticket",
  target: string,
  finding: Finding,
  options: DispatchOptions,
  deliverTo: () => Promise<string>,
): Promise<ActionResult> {
  try {
    return result(finding, { action, target, status: "sent", detail: await deliverTo() });
  } catch (error) {
    options.onFailure?.(`${action} ${target}`, error, finding);
    return result(finding, { action, target, status: "failed", detail: (error as Error).message });
  }
}

async function deliver(alert: Alert, mode: RuleMode, options: DispatchOptions): Promise<ActionResult[]> {
  const { finding } = alert;
  const sent = await Promise.all(
    options.notifiers.map((notifier) =>
      attempt("alert", notifier.name, finding, options, async () => {
        await notifier.send(alert);
        return alert.transition;
      }),
    ),
  );
  const wantsTicket =
    mode === "ticket" || (mode === "remediate" && alert.actions.some((a) => a.status !== "verified"));
  if (!wantsTicket || alert.transition === "resolved") return sent;
  const tickets = await Promise.all(
    options.ticketers.map((ticketer) =>
      attempt("ticket", ticketer.name, finding, options, () => ticketer.open(alert)),
    ),
  );
  return [...sent, ...tickets];
}

/**
 * Decides what to do with one resource's findings, rule by rule: nothing in report mode;
 * skip exempt resources; de-duplicate through the state store (one winner among concurrent
 * deliveries); remediate and verify where the rule is set to remediate; then alert and ticket.
 */
export async function dispatch(
  findings: readonly Finding[],
  snapshot: Snapshot | undefined,
  cause: EventCause | undefined,
  options: DispatchOptions,
): Promise<ActionResult[]> {
  const change = await policyChange(snapshot, cause, options);
  let tags: Promise<Tags> | undefined;
  const actions: ActionResult[] = [];
  const windowSeconds = options.settings.dedupWindowHours * 3600;
  for (const finding of findings) {
    const mode = options.modes.get(finding.ruleId) ?? "alert";
    if (mode === "off" || mode === "report") continue;
    let exemptionNote: string | undefined;
    if (isTrouble(finding.status)) {
      tags ??= options.tagsOf(finding).catch(() => ({}));
      const exemption = exemptionFor(await tags, finding.ruleId, options.now, options.settings.exemptionTags);
      if (exemption.state === "exempt") {
        const until = exemption.until ? ` until ${exemption.until}` : "";
        actions.push(
          result(finding, {
            action: "exemption",
            target: options.settings.exemptionTags.tag,
            status: "skipped",
            detail: `exempt${until}`,
          }),
        );
        continue;
      }
      if (exemption.state === "lapsed") {
        exemptionNote = `the exemption ended on ${exemption.until}`;
        actions.push(
          result(finding, {
            action: "exemption",
            target: options.settings.exemptionTags.tag,
            status: "lapsed",
            detail: exemptionNote,
          }),
        );
      }
      if (exemption.state === "invalid") exemptionNote = exemption.reason;
    }
    const transition = await options.store.record(finding, options.now, windowSeconds);
    if (!NEWSWORTHY.has(transition)) {
      if (transition === "repeat")
        actions.push(
          result(finding, {
            action: "dedup",
            target: "state",
            status: "skipped",
            detail: "already told within the window",
          }),
        );
      continue;
    }
    const fixes = mode === "remediate" ? await remediate(finding, snapshot, options) : undefined;
    if (fixes?.status === "verified")
      await options.store.record({ ...finding, status: "COMPLIANT" }, options.now, windowSeconds);
    const alert: Alert = {
      transition: transition as Alert["transition"],
      finding,
      cause,
      actions: fixes ? [fixes] : [],
      exemptionNote,
      policyChange: change && finding.ruleId.startsWith("kms-policy-") ? change : undefined,
    };
    actions.push(...alert.actions, ...(await deliver(alert, mode, options)));
  }
  return actions;
}
