import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { FindingsSink, KeyActuator, Notifier, PriorKeyState, StateStore, Ticketer } from "../actions";
import type { Readers } from "../engine";
import type { EventPipeline } from "../pipeline";
import { type Settings, selectRules } from "../settings";
import type { DigestSender } from "../sweep";

/** Everything a handler needs, built once per cold start (or per test, or per replay). */
export interface Services {
  region: string;
  settings: Settings;
  pipeline: EventPipeline;
  logger: Logger;
  metrics: Metrics;
  /** The alert channels that also carry the sweep digest. */
  digests: DigestSender[];
}

export interface ServiceParts {
  region: string;
  settings: Settings;
  readers: Readers;
  store: StateStore;
  notifiers: Notifier[];
  ticketers: Ticketer[];
  /** Channels that keep every finding's state (Security Hub). */
  sinks?: FindingsSink[];
  remediation?: { actuator: KeyActuator; priorState: PriorKeyState; roleArn?: string };
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
}

/** Wires readers, rules and dispatcher the same way for Lambda, the CLI's replay and the tests. */
export function assembleServices(parts: ServiceParts): Services {
  const { settings, readers, logger } = parts;
  const selections = selectRules(settings);
  return {
    region: parts.region,
    settings,
    logger,
    metrics: parts.metrics,
    digests: parts.notifiers.filter((n): n is Notifier & DigestSender => "sendDigest" in n),
    pipeline: {
      readers,
      selections,
      remediationRoleArn: parts.remediation?.roleArn,
      now: parts.now ?? (() => new Date()),
      dispatch: {
        settings,
        rules: new Map(selections.map((s) => [s.rule.id, s])),
        store: parts.store,
        notifiers: parts.notifiers,
        ticketers: parts.ticketers,
        sinks: parts.sinks,
        remediation: parts.remediation && {
          reader: readers.keys,
          actuator: parts.remediation.actuator,
          priorState: parts.remediation.priorState,
        },
        onFailure: (what, error, finding) =>
          logger.error(`${what} failed`, {
            ruleId: finding.ruleId,
            resourceArn: finding.resourceArn,
            error: error as Error,
          }),
      },
    },
  };
}
