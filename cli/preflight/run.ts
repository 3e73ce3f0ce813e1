import { parseSettings, type Settings } from "../../shared/settings";
import { loadSettings } from "../settings-file";
import { UsageError } from "../usage-error";
import { readRegion } from "./account";
import { type Check, fail, ok } from "./check";
import { cloudTrailCheck } from "./cloudtrail";
import { configRecorderCheck } from "./config-recorder";
import { lambdaConcurrencyCheck } from "./lambda-concurrency";
import { securityHubCheck, sendsToSecurityHub } from "./security-hub";

export interface PreflightRequest {
  regions: readonly string[];
  /** The settings file; KEYSENTRY_SETTINGS when absent, as the stack reads it. */
  settingsPath?: string;
  endpoint?: string;
  profile?: string;
}

/** The `settings` check, and the settings the other checks assume: the defaults when the file does not validate. */
async function settingsCheck(path: string | undefined): Promise<{ check: Check; settings: Settings }> {
  const named = path ?? process.env.KEYSENTRY_SETTINGS;
  try {
    const settings = await loadSettings(named);
    return {
      check: ok(
        "settings",
        named ? `${named} is valid` : "no settings file (--settings, KEYSENTRY_SETTINGS): the defaults",
      ),
      settings,
    };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return {
      check: fail("settings", `${error.message}; fix it (the checks below assume the defaults until then)`),
      settings: parseSettings({}),
    };
  }
}

/** Every check, the settings first, then each region's in the order given. Throws AwsUnreadableError when AWS cannot be read. */
export async function runPreflight(request: PreflightRequest): Promise<Check[]> {
  const { check, settings } = await settingsCheck(request.settingsPath);
  const checks = [check];
  for (const region of request.regions) {
    const facts = await readRegion({
      region,
      endpoint: request.endpoint,
      profile: request.profile,
      securityHub: sendsToSecurityHub(settings),
    });
    const regional = [
      configRecorderCheck(region, facts.recorder, settings),
      cloudTrailCheck(region, facts.trails),
      lambdaConcurrencyCheck(region, facts.lambda, settings),
      securityHubCheck(region, facts.securityHub),
    ];
    checks.push(...regional.map((c) => ({ id: c.id, region, status: c.status, message: c.message })));
  }
  return checks;
}
