/**
 * The `cloudtrail` check. EventBridge gets "AWS API Call via CloudTrail" events only while a
 * trail is logging: "To record events with one of the CloudTrail detail-type values, you must
 * enable a CloudTrail trail with logging" (EventBridge User Guide, "AWS service events delivered
 * via AWS CloudTrail"). Rules in the ENABLED state, as the stack's are, match write management
 * events only; read-only ones need ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (same guide,
 * "Receiving read-only management events from AWS services"). So a trail that logs this region
 * must be logging write management events.
 */
import { CLOUDTRAIL_DETAIL_TYPE, EVENT_SOURCES } from "../../shared/events";
import type { BasicSelector, FieldSelector } from "./answers";
import { type Check, fail, ok, warn } from "./check";
import type { Coverage, ManagementLogging, TrailFacts } from "./facts";

/** Patterns are made for the deploying account, which changes which grants they drop, never which services they watch. */
const ANY_ACCOUNT = "000000000000";

/** The event sources whose API calls keysentry's EventBridge rules match, from the event source registry. */
export const WATCHED_EVENT_SOURCES: readonly string[] = [
  ...new Set(
    EVENT_SOURCES.flatMap((source) => Object.values(source.patterns(ANY_ACCOUNT))).flatMap((pattern) => {
      const types = pattern["detail-type"] as readonly string[] | undefined;
      const detail = pattern.detail as { eventSource?: readonly string[] } | undefined;
      return types?.includes(CLOUDTRAIL_DETAIL_TYPE) ? (detail?.eventSource ?? []) : [];
    }),
  ),
];

/** Whether one field selector lets `value` through (API reference, AdvancedFieldSelector). */
function passes(selector: FieldSelector, value: string): boolean {
  const any = (list: string[] | undefined, test: (v: string) => boolean) => list?.some(test) === true;
  if (selector.Equals && !selector.Equals.includes(value)) return false;
  if (selector.StartsWith && !any(selector.StartsWith, (p) => value.startsWith(p))) return false;
  if (selector.EndsWith && !any(selector.EndsWith, (s) => value.endsWith(s))) return false;
  if (any(selector.NotEquals, (v) => v === value)) return false;
  if (any(selector.NotStartsWith, (p) => value.startsWith(p))) return false;
  return !any(selector.NotEndsWith, (s) => value.endsWith(s));
}

/** The coverage of one selector for one source; the best of a trail's selectors wins, as CloudTrail logs an event any selector matches. */
function advancedCoverage(fields: FieldSelector[], source: string): Coverage {
  const field = (name: string) => fields.filter((f) => f.Field === name);
  const management = field("eventCategory").some((f) => f.Equals?.includes("Management"));
  const writes = field("readOnly").every((f) => passes(f, "false"));
  if (!management || !writes || !field("eventSource").every((f) => passes(f, source))) return "not logged";
  const narrowed = fields.some((f) => !["eventCategory", "readOnly", "eventSource"].includes(f.Field));
  return narrowed ? "filtered" : "logged";
}

function basicCoverage(selector: BasicSelector, source: string): Coverage {
  // Both default to logging: IncludeManagementEvents true, ReadWriteType All (API reference, EventSelector).
  if (selector.IncludeManagementEvents === false || selector.ReadWriteType === "ReadOnly")
    return "not logged";
  return selector.ExcludeManagementEventSources?.includes(source) ? "not logged" : "logged";
}

const RANK: Record<Coverage, number> = { "not logged": 0, filtered: 1, logged: 2 };

/** What a trail's event selectors log of the watched sources' write management events. */
export function managementLogging(answer: {
  EventSelectors?: BasicSelector[];
  AdvancedEventSelectors?: { FieldSelectors: FieldSelector[] }[];
}): ManagementLogging {
  const per = (source: string): Coverage[] => [
    ...(answer.EventSelectors ?? []).map((s) => basicCoverage(s, source)),
    ...(answer.AdvancedEventSelectors ?? []).map((s) => advancedCoverage(s.FieldSelectors, source)),
  ];
  const coverage = Object.fromEntries(
    WATCHED_EVENT_SOURCES.map((source) => [
      source,
      per(source).reduce<Coverage>((best, c) => (RANK[c] > RANK[best] ? c : best), "not logged"),
    ]),
  );
  return { writes: Object.values(coverage).some((c) => c !== "not logged"), coverage };
}

function describe(trail: TrailFacts): string {
  const kind = trail.organization ? "organization trail" : trail.multiRegion ? "multi-region trail" : "trail";
  return `${kind} ${trail.name}`;
}

const CREATE_TRAIL =
  "create a multi-region trail and start it (aws cloudtrail create-trail --name NAME --s3-bucket-name BUCKET --is-multi-region-trail, then aws cloudtrail start-logging --name NAME)";

const WITHOUT_EVENTS =
  'EventBridge receives no "AWS API Call via CloudTrail" events, so keysentry would see no KMS, ACM or Private CA API call (only native events and the sweep)';

export function cloudTrailCheck(region: string, trails: readonly TrailFacts[]): Check {
  if (trails.length === 0)
    return fail("cloudtrail", `no trail logs ${region}: ${WITHOUT_EVENTS}; ${CREATE_TRAIL}`);
  const logging = trails.filter((t) => t.logging);
  if (logging.length === 0)
    return fail(
      "cloudtrail",
      `${trails.map(describe).join(", ")} ${trails.length === 1 ? "is" : "are"} not logging: ${WITHOUT_EVENTS}; start one (aws cloudtrail start-logging --name ${trails[0]!.arn})`,
    );
  const writers = logging.filter((t) => t.management?.writes);
  const unknown = logging.filter((t) => t.selectorsRefused);
  if (writers.length === 0 && unknown.length > 0)
    return warn(
      "cloudtrail",
      `${unknown.map(describe).join(", ")} ${unknown.length === 1 ? "is" : "are"} logging, but this account may not read ${unknown.length === 1 ? "its" : "their"} event selectors (${unknown[0]!.selectorsRefused}): check in the management account that ${unknown.length === 1 ? "it logs" : "one logs"} write management events of ${WATCHED_EVENT_SOURCES.join(", ")}`,
    );
  if (writers.length === 0)
    return fail(
      "cloudtrail",
      `${logging.map(describe).join(", ")} log${logging.length === 1 ? "s" : ""} no write management events: ${WITHOUT_EVENTS}; log management events with ReadWriteType All or WriteOnly (aws cloudtrail put-event-selectors), or ${CREATE_TRAIL}`,
    );
  const best = (source: string) =>
    writers
      .map((t) => t.management!.coverage[source] ?? "not logged")
      .reduce<Coverage>((b, c) => (RANK[c] > RANK[b] ? c : b), "not logged");
  const missing = WATCHED_EVENT_SOURCES.filter((s) => best(s) === "not logged");
  const filtered = WATCHED_EVENT_SOURCES.filter((s) => best(s) === "filtered");
  if (missing.length === 0 && filtered.length === 0) {
    // One trail logging it all is the usual case; several may share the sources between them.
    const complete = writers.filter((t) =>
      WATCHED_EVENT_SOURCES.every((s) => t.management!.coverage[s] === "logged"),
    );
    const named = (complete.length > 0 ? complete.slice(0, 1) : writers).map(describe).join(", ");
    const verb = complete.length > 0 || writers.length === 1 ? "is" : "are";
    return ok("cloudtrail", `${named} ${verb} logging write management events in ${region}`);
  }
  const parts = [
    missing.length > 0 && `the selectors leave out ${missing.join(", ")}`,
    filtered.length > 0 && `the selectors log only some events of ${filtered.join(", ")}`,
  ].filter(Boolean);
  return warn(
    "cloudtrail",
    `${writers.map(describe).join(", ")} ${writers.length === 1 ? "is" : "are"} logging write management events in ${region}, but ${parts.join(" and ")}: keysentry may miss those API calls; log every write management event of ${WATCHED_EVENT_SOURCES.join(", ")}`,
  );
}
