/**
 * The `config-recorder` check. Creating a Config rule needs a customer managed configuration
 * recorder (PutConfigRule: NoAvailableConfigurationRecorderException), so without one the stack
 * fails to create; a change-triggered rule is only invoked for the resource types the recorder
 * records.
 */
import { type Settings, selectRules } from "../../shared/settings";
import { type Check, fail, ok, warn } from "./check";
import type { RecorderFacts } from "./facts";

/** The resource types the selected change-triggered rules need recorded (the stack scopes each Config rule to its type). */
export function recordedTypesNeeded(settings: Settings): string[] {
  const types = selectRules(settings)
    .filter((s) => s.rule.evaluatedOn.includes("change"))
    .map((s) => s.rule.resourceType);
  return [...new Set<string>(types)].sort();
}

/**
 * The needed types the recording group leaves out (Config API reference, RecordingGroup and
 * RecordingStrategy): EXCLUSION_BY_RESOURCE_TYPES records every type but its exclusions,
 * `allSupported` every type, otherwise only `resourceTypes`.
 */
export function unrecorded(group: RecorderFacts["recordingGroup"], needed: readonly string[]): string[] {
  if (group.recordingStrategy?.useOnly === "EXCLUSION_BY_RESOURCE_TYPES") {
    const excluded = group.exclusionByResourceTypes?.resourceTypes ?? [];
    return needed.filter((type) => excluded.includes(type));
  }
  if (group.allSupported) return [];
  return needed.filter((type) => !(group.resourceTypes ?? []).includes(type));
}

const TURN_OFF =
  'or set "deployment": { "configRules": false } in the settings (a StackSet: its ConfigRules parameter false); keysentry then works from events and the sweep alone';

export function configRecorderCheck(
  region: string,
  recorder: RecorderFacts | undefined,
  settings: Settings,
): Check {
  if (!settings.deployment.configRules)
    return ok(
      "config-recorder",
      recorder
        ? `recorder ${recorder.name} found; the settings turn the Config rules off (deployment.configRules false)`
        : "no Config recorder, and none needed: the settings turn the Config rules off (deployment.configRules false)",
    );
  if (!recorder)
    return fail(
      "config-recorder",
      `no AWS Config recorder in ${region}: the stack's Config rules cannot be created and the stack would fail; set up AWS Config recording in ${region} (console: AWS Config, Get started; or aws configservice put-configuration-recorder and start-configuration-recorder) ${TURN_OFF}`,
    );
  if (!recorder.recording)
    return fail(
      "config-recorder",
      `recorder ${recorder.name} is not recording in ${region}: the Config rules would never be invoked for a change; start it (aws configservice start-configuration-recorder --configuration-recorder-name ${recorder.name}) ${TURN_OFF}`,
    );
  const missing = unrecorded(recorder.recordingGroup, recordedTypesNeeded(settings));
  if (missing.length > 0)
    return warn(
      "config-recorder",
      `recorder ${recorder.name} does not record ${missing.join(", ")}: the Config rules for those types would not be invoked when one changes (the sweep still evaluates them); add them to its recording group, or record every supported type`,
    );
  if (recorder.lastStatus === "Failure")
    return warn(
      "config-recorder",
      `recorder ${recorder.name} is recording, but its latest recording failed (${recorder.lastErrorCode ?? "no error code"}): check its role and delivery channel`,
    );
  return ok(
    "config-recorder",
    `recorder ${recorder.name} is recording the resource types the Config rules need`,
  );
}
