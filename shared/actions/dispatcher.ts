import { describeExemption } from "../engine";
import type { EventCause } from "../events";
import { type Finding, type FindingExemption, isExempt, type KeySnapshot, type Snapshot } from "../model";
import type { RuleMode, RuleSelection, Settings } from "../settings";
import type { ActionResult, Alert, Notifier, Ticketer } from "./alert";
import { type FindingsSink, feedSinks } from "./findings-sink";
import { policyNotice } from "./policy-notice";
import type { RemediationBudget } from "./remediation-budget";
import { NEWSWORTHY, type StateStore } from "./state-store";
import type { RemediationTools } from "./verify";

export interface DispatchOptions {
  settings: Settings;
  /** Each selected rule with its mode and parameters, by rule id. */
  rules: ReadonlyMap<string, RuleSelection>;
  store: StateStore;
  notifiers: readonly Notifier[];
  ticketers: readonly Ticketer[];
  /** Channels that keep every finding's state (Security Hub): given all findings, whatever the rule's mode. */
  sinks?: readonly FindingsSink[];
  /** The sweep: sinks resend every open finding, so none ages out. */
  refreshFindings?: boolean;
  /** Present only where remediation is deployed. */
  remediation?: RemediationTools;
  /** How many remediations this run may still make (the sweep's cap); unlimited when absent. */
  remediationBudget?: RemediationBudget;
  now: Date;
  /** Told about every failed delivery or remediation, for logs and metrics. */
  onFailure?(what: string, error: unknown, finding: Finding): void;
}

const result = (finding: Finding, fields: Omit<ActionResult, "ruleId" | "resourceArn">): ActionResult => ({
  ruleId: finding.ruleId,
  resourceArn: finding.resourceArn,
  ...fields,
});

/** Rules that judge the key policy carry the policy change in their alerts. */
function readsPolicy(options: DispatchOptions, ruleId: string): boolean {
  return options.rules.get(ruleId)?.rule.permissions.includes("kms:GetKeyPolicy") ?? false;
}

/** Why a remediation is not attempted here, or undefined when it may go ahead. */
function heldBack(finding: Finding, options: DispatchOptions): string | undefined {
  if (finding.exemption?.state === "unreadable")
    return "the exemption tags could not be read: keysentry does not change what it cannot clear";
  if (options.settings.dryRun) return "dry run: nothing changed";
  if (!options.remediation) return "remediation is not deployed here";
  return undefined;
}

async function remediate(
  finding: Finding,
  snapshot: Snapshot | undefined,
  options: DispatchOptions,
): Promise<ActionResult | undefined> {
  const selection = options.rules.get(finding.ruleId);
  const target = selection?.rule.remediation;
  if (!selection || !target || finding.status !== "NON_COMPLIANT") return undefined;
  if (snapshot?.resourceType !== "AWS::KMS::Key") return undefined;
  const held = heldBack(finding, options);
  if (held) return result(finding, { action: "remediation", target, status: "skipped", detail: held });
  try {
    // Most invocations never remediate: the fixes and their proof load on first use.
    const { remediateAndVerify } = await import("./verify");
    const outcome = await remediateAndVerify(snapshot as KeySnapshot, selection, options.remediation!, {
      rotationPeriodDays: options.settings.remediation.rotationPeriodDays,
      now: options.now,
      budget: options.remediationBudget,
    });
    return result(finding, { action: "remediation", target, ...outcome });
  } catch (error) {
    options.onFailure?.(`remediation ${target}`, error, finding);
    return result(finding, {
      action: "remediation",
      target,
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

/** Each alert result records the transition it told, delivered or not. */
function notify(alert: Alert, options: DispatchOptions): Promise<ActionResult[]> {
  return Promise.all(
    options.notifiers.map(async (notifier) => {
      const told = await attempt("alert", notifier.name, alert.finding, options, async () => {
        await notifier.send(alert);
        return alert.transition;
      });
      return { ...told, transition: alert.transition };
    }),
  );
}

/** Closes the finding's open tickets: OpsItems resolved, Jira issues commented (and moved when configured). */
function closeTickets(alert: Alert, options: DispatchOptions): Promise<ActionResult[]> {
  return Promise.all(
    options.ticketers.map((ticketer) =>
      attempt("ticket", ticketer.name, alert.finding, options, async () => {
        const closed = await ticketer.resolve(alert);
        return closed ? `resolved ${closed}` : "no open ticket";
      }),
    ),
  );
}

async function deliver(alert: Alert, mode: RuleMode, options: DispatchOptions): Promise<ActionResult[]> {
  const sent = await notify(alert, options);
  const fixed = alert.actions.some((a) => a.status === "verified");
  if (alert.transition === "resolved" || fixed) return [...sent, ...(await closeTickets(alert, options))];
  const wantsTicket = mode === "ticket" || mode === "remediate";
  if (!wantsTicket) return sent;
  const tickets = await Promise.all(
    options.ticketers.map((ticketer) =>
      attempt("ticket", ticketer.name, alert.finding, options, () => ticketer.open(alert)),
    ),
  );
  return [...sent, ...tickets];
}

/**
 * An exempt finding is never alerted, ticketed or remediated. The state table records it as
 * quiet, so trouble told before the exemption resolves (naming the exemption, closing its
 * ticket) and trouble after it ends is new again.
 */
async function exempted(
  finding: Finding,
  exemption: FindingExemption,
  cause: EventCause | undefined,
  mode: RuleMode,
  options: DispatchOptions,
): Promise<ActionResult[]> {
  const skipped = result(finding, {
    action: "exemption",
    target: exemption.tag,
    status: "skipped",
    detail: describeExemption(exemption),
  });
  const windowSeconds = options.settings.dedupWindowHours * 3600;
  const quiet = { ...finding, status: "NOT_APPLICABLE" as const };
  if ((await options.store.record(quiet, options.now, windowSeconds)) !== "resolved") return [skipped];
  return [
    skipped,
    ...(await deliver({ transition: "resolved", finding, cause, actions: [] }, mode, options)),
  ];
}

/** One finding: exemption, de-duplication, remediation, then alerts and tickets. */
async function dispatchFinding(
  finding: Finding,
  snapshot: Snapshot | undefined,
  cause: EventCause | undefined,
  options: DispatchOptions,
  policy: Alert["policyChange"],
): Promise<ActionResult[]> {
  const mode = options.rules.get(finding.ruleId)?.mode ?? "alert";
  if (mode === "off" || mode === "report") return [];
  const { exemption } = finding;
  if (exemption && isExempt(finding)) return exempted(finding, exemption, cause, mode, options);
  const windowSeconds = options.settings.dedupWindowHours * 3600;
  const transition = await options.store.record(finding, options.now, windowSeconds);
  if (!NEWSWORTHY.has(transition))
    return transition === "repeat"
      ? [
          result(finding, {
            action: "dedup",
            target: "state",
            status: "skipped",
            detail: "already told within the window",
          }),
        ]
      : [];
  // An exemption that ran out is told once: with the alert that brings the trouble back.
  const lapsed =
    exemption?.state === "expired" && transition === "new"
      ? [
          result(finding, {
            action: "exemption",
            target: exemption.tag,
            status: "lapsed",
            detail: exemption.reason,
          }),
        ]
      : [];
  const fixes = mode === "remediate" ? await remediate(finding, snapshot, options) : undefined;
  if (fixes?.status === "verified")
    await options.store.record({ ...finding, status: "COMPLIANT" }, options.now, windowSeconds);
  const alert: Alert = {
    transition: transition as Alert["transition"],
    finding,
    cause,
    actions: fixes ? [fixes] : [],
    exemptionNote:
      exemption && (exemption.state !== "expired" || lapsed.length > 0) ? exemption.reason : undefined,
    policyChange: readsPolicy(options, finding.ruleId) ? policy : undefined,
  };
  return [...lapsed, ...alert.actions, ...(await deliver(alert, mode, options))];
}

/**
 * Hands one resource's findings to the findings sinks, then decides what to do with them, rule by rule: nothing in report mode;
 * nothing for an exempt finding; de-duplicate through the state store (one winner among
 * concurrent deliveries); remediate and verify where the rule is set to remediate; then alert
 * and ticket, or close the ticket when the finding resolved. A key-policy change is told about
 * once, with the policy alerts when there are any, else as a notice of its own.
 */
export async function dispatch(
  findings: readonly Finding[],
  snapshot: Snapshot | undefined,
  cause: EventCause | undefined,
  options: DispatchOptions,
): Promise<ActionResult[]> {
  await feedSinks(findings, options.refreshFindings ?? false, options.now, options);
  const notice = await policyNotice(snapshot, cause, options);
  const actions: ActionResult[] = [];
  for (const finding of findings)
    actions.push(...(await dispatchFinding(finding, snapshot, cause, options, notice?.change)));
  const told = actions.some((a) => a.action === "alert" && readsPolicy(options, a.ruleId));
  if (notice?.worthTelling && !told) {
    const alert: Alert = {
      transition: "policy-changed",
      finding: notice.finding,
      cause,
      actions: [],
      policyChange: notice.change,
    };
    actions.push(...(await notify(alert, options)));
  }
  return actions;
}
