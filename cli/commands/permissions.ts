import { readOnlyPolicy } from "../../shared/engine";
import { CHANNELS } from "../../shared/settings";
import { parse, ruleIds } from "../flags";
import type { Io } from "../io";
import { preflightPolicy } from "../preflight/calls";
import { loadSettings, selectedRules } from "../settings-file";

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

export async function permissionsCommand(args: string[], io: Io): Promise<number> {
  const flags = parse(args);
  if (flags.preflight) {
    io.out(JSON.stringify(preflightPolicy(), null, 2));
    return 0;
  }
  const selections = selectedRules(await loadSettings(flags.settings), ruleIds(flags.rules));
  const rules = selections.map((s) => s.rule);
  const policy = flags.organization
    ? (await import("../organization/permissions")).organizationCallerPolicy(rules, flags["role-name"])
    : readOnlyPolicy(rules);
  const statements: object[] = [...policy.Statement];
  if (flags["security-hub"]) statements.push(securityHubImport());
  io.out(JSON.stringify({ ...policy, Statement: statements }, null, 2));
  return 0;
}
