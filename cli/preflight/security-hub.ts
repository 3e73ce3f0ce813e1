import { configuredChannels, type Settings } from "../../shared/settings";
import { type Check, fail, ok } from "./check";

/** Whether the settings turn on the Security Hub findings channel (the channel registry's `findings.securityHub`). */
export function sendsToSecurityHub(settings: Settings): boolean {
  return configuredChannels(settings).some((c) => c.definition.id === "securityhub");
}

/** The `security-hub` check: the channel imports into the account's default product, which needs Security Hub enabled. */
export function securityHubCheck(region: string, enabled: boolean | undefined): Check {
  if (enabled === undefined)
    return ok(
      "security-hub",
      "not needed: the settings do not turn on the Security Hub channel (findings.securityHub)",
    );
  if (enabled) return ok("security-hub", `Security Hub is enabled in ${region}`);
  return fail(
    "security-hub",
    `Security Hub is not enabled in ${region}, and the settings send findings to it (findings.securityHub): every import would be refused; enable it (aws securityhub enable-security-hub --region ${region}) or remove findings.securityHub from the settings`,
  );
}
