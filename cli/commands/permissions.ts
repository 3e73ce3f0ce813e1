import { remediationFor } from "../../shared/actions/remediations";
import { readOnlyPolicy } from "../../shared/engine";
import { CHANNELS, type RuleSelection } from "../../shared/settings";
import { parse, ruleIds } from "../flags";
import type { Io } from "../io";
import { preflightPolicy } from "../preflight/calls";
import { loadSettings, selectedRules } from "../settings-file";
import { UsageError } from "../usage-error";

/**
 * The Security Hub channel's statement from the channel registry, for a caller in any region of
 * the commercial partition: the account's default product, all `scan --security-hub` writes to.
 */
function securityHubImport() {
  const [statement] = CHANNELS.find((c) => c.id === "securityhub")?.permissions?.(undefined as never) ?? [];
  if (!statement) throw new Error("the channel registry has no Security Hub statement");
  return {
    Sid: statement.sid,
    Effect: "Allow",
    Action: [...statement.actions],
    Resource: statement.resources.map((r) =>
      r.replaceAll("{partition}", "aws").replaceAll("{region}", "*").replaceAll("{account}", "*"),
    ),
  };
}

/**
 * What `replay --apply` adds: the writes of the remediations the settings turn on, on the
 * account's keys, and the reads those remediations make themselves. The remediation registry
 * declares both; none when the settings turn no remediation on.
 */
function remediationStatements(selections: readonly RuleSelection[]): object[] {
  const remediations = selections
    .filter((s) => s.mode === "remediate")
    .flatMap((s) => remediationFor(s.rule.id) ?? []);
  const writes = [...new Set(remediations.flatMap((r) => r.permissions))].sort();
  const reads = [...new Set(remediations.flatMap((r) => r.reads ?? []))].sort();
  return [
    ...(writes.length > 0
      ? [{ Sid: "KeysentryRemediations", Effect: "Allow", Action: writes, Resource: "arn:aws:kms:*:*:key/*" }]
      : []),
    ...(reads.length > 0
      ? [{ Sid: "KeysentryRemediationReads", Effect: "Allow", Action: reads, Resource: "*" }]
      : []),
  ];
}

export async function permissionsCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  if (flags.preflight) {
    io.out(JSON.stringify(preflightPolicy(), null, 2));
    return 0;
  }
  const selections = selectedRules(await loadSettings(flags.settings), ruleIds(flags.rules));
  if (flags.apply && flags.organization)
    throw new UsageError("--apply is for replay --apply in one account: not with --organization");
  const rules = selections.map((s) => s.rule);
  const policy = flags.organization
    ? (await import("../organization/permissions")).organizationCallerPolicy(rules, flags["role-name"])
    : readOnlyPolicy(rules);
  const statements: object[] = [...policy.Statement];
  if (flags["security-hub"]) statements.push(securityHubImport());
  if (flags.apply) statements.push(...remediationStatements(selections));
  io.out(JSON.stringify({ ...policy, Statement: statements }, null, 2));
  return 0;
}
