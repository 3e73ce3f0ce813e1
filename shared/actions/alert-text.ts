import { describeExemption } from "../engine";
import type { Alert, PolicyChange } from "./alert";

const VERB: Record<Alert["transition"], string> = {
  new: "",
  changed: "changed: ",
  reminder: "still: ",
  resolved: "resolved: ",
  "policy-changed": "policy changed: ",
};

/** A one-line subject for e-mail and chat: severity, rule and resource. */
export function alertSubject(alert: Alert): string {
  const { finding } = alert;
  const severity = alert.transition === "resolved" ? "RESOLVED" : finding.severity;
  // SNS subjects must be under 100 characters (SNS API reference, Publish).
  return `[keysentry ${severity}] ${VERB[alert.transition]}${finding.ruleId} on ${finding.annotation.split(": ")[0]}`.slice(
    0,
    100,
  );
}

/** A policy change in short phrases: what was added, removed, changed, and what access is new. */
export function policyChangeParts(change: PolicyChange): string[] {
  return [
    change.baseline ? "" : "no earlier policy was recorded",
    change.added.length ? `added ${change.added.join(", ")}` : "",
    change.removed.length ? `removed ${change.removed.join(", ")}` : "",
    change.changed.length ? `changed ${change.changed.join(", ")}` : "",
    change.appearedClasses.length ? `new access: ${change.appearedClasses.join(", ")}` : "",
  ].filter(Boolean);
}

/** What ended the trouble: a verified remediation, the event or sweep that read the resource, or an AWS Config evaluation. */
export function resolvedBy(alert: Alert): string {
  const { exemption } = alert.finding;
  if (exemption?.state === "exempt") return `the resource was exempted (${describeExemption(exemption)})`;
  const fix = alert.actions.find((a) => a.action === "remediation" && a.status === "verified");
  if (fix) return `keysentry remediation ${fix.target}, verified by a fresh read`;
  const { cause } = alert;
  if (!cause) return "a fresh read during an AWS Config evaluation";
  return `a fresh read after ${cause.name}${cause.actor ? ` by ${cause.actor}` : ""} (${cause.eventId})`;
}

/** The same alert as lines of plain text: what, where, who, what keysentry did. */
export function alertText(alert: Alert): string[] {
  const { finding, cause } = alert;
  const lines = [
    finding.annotation,
    `${finding.resourceType} ${finding.resourceArn} in account ${finding.account}, ${finding.region}`,
  ];
  if (cause) lines.push(`Trigger: ${cause.name}${cause.actor ? ` by ${cause.actor}` : ""} at ${cause.time}`);
  if (alert.transition === "resolved") lines.push(`Resolved: ${resolvedBy(alert)}`);
  if (alert.policyChange) {
    const parts = policyChangeParts(alert.policyChange);
    if (parts.length) lines.push(`Policy change: ${parts.join("; ")}`);
  }
  for (const action of alert.actions)
    lines.push(`keysentry: ${action.target} ${action.status}: ${action.detail}`);
  if (alert.exemptionNote) lines.push(`Exemption: ${alert.exemptionNote}`);
  return lines;
}
