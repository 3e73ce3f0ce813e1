import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { ACMClient } from "@aws-sdk/client-acm";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import type { KMSClient } from "@aws-sdk/client-kms";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { Context } from "aws-lambda";
import { type Alert, alertSubject, alertText, MemoryStateStore, type Notifier } from "../shared/actions";
import {
  AcmCertificateReader,
  CloudTrailPriorState,
  ConfigHistoryPriorState,
  createAcmClient,
  createKmsClient,
  FirstKnownPriorState,
  KmsActuator,
  KmsKeyReader,
} from "../shared/aws";
import { AcmPcaAuthorityReader } from "../shared/aws/acmpca-authority-reader";
import { createAcmPcaClient } from "../shared/aws/acmpca-client";
import type { Evaluation, EvaluationReporter } from "../shared/config-rules";
import { EVENT_SOURCES, eventReaderFor, eventSourceFor } from "../shared/events";
import { createConfigRuleHandler, createEventHandler } from "../shared/handlers";
import { isTrouble } from "../shared/model";
import type { EventResult } from "../shared/pipeline";
import { assembleServices } from "../shared/services";
import type { Settings } from "../shared/settings";

/** Collects alerts instead of sending them, so replay can show what would go out. */
class CollectingNotifier implements Notifier {
  readonly name = "replay";
  readonly alerts: Alert[] = [];
  async send(alert: Alert) {
    this.alerts.push(alert);
  }
}

export interface ReplayOptions {
  settings: Settings;
  /** The account and region the event is replayed as if deployed in; default: the event's own. */
  account?: string;
  region?: string;
  endpoint?: string;
  profile?: string;
  /** Events made by this role are ignored, as the deployed loop guard does. */
  remediationRoleArn?: string;
  credentials?: AwsCredentialIdentity;
  now?: Date;
  /** Sees each KMS and ACM client before use, to learn which calls failed and why. */
  watch?: <C extends KMSClient | ACMClient>(client: C) => C;
}

export interface Replay {
  result: EventResult;
  alerts: Alert[];
  /** For an AWS Config rule invocation: the evaluations it would write. */
  evaluations?: Evaluation[];
}

/** Keeps the evaluations a Config invocation would write, instead of calling PutEvaluations. */
class CollectingReporter implements EvaluationReporter {
  readonly evaluations: Evaluation[] = [];
  async report(evaluations: Evaluation[]) {
    this.evaluations.push(...evaluations);
    return { calls: 0 };
  }
}

function isConfigInvocation(event: unknown): boolean {
  return typeof event === "object" && event !== null && "invokingEvent" in event && "configRuleName" in event;
}

function field(event: unknown, name: string): string | undefined {
  const value = (event as Record<string, unknown> | null)?.[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Builds the services once (as a warm Lambda container holds them) and runs events through the same
 * handlers Lambda runs, with an in-memory state table and collected alerts.
 */
export function createReplayer(
  options: ReplayOptions & { region: string; account: string },
): (event: unknown) => Promise<Replay> {
  // EMF metrics are for CloudWatch; locally they would only clutter the output.
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  const { region, account } = options;
  const client = {
    region,
    endpoint: options.endpoint,
    profile: options.profile,
    credentials: options.credentials,
  };
  const watch = options.watch ?? ((c) => c);
  const kms = watch(createKmsClient(client));
  const notifier = new CollectingNotifier();
  const priorState = options.endpoint
    ? new FirstKnownPriorState([])
    : new FirstKnownPriorState([
        new ConfigHistoryPriorState(new ConfigServiceClient(client)),
        new CloudTrailPriorState(new CloudTrailClient(client)),
      ]);
  const services = assembleServices({
    region,
    settings: options.settings,
    readers: {
      keys: new KmsKeyReader(kms),
      certificates: new AcmCertificateReader(watch(createAcmClient(client))),
      // Private CA events are served with certificates' (shared/events/sources.ts): read as deployed.
      authorities: new AcmPcaAuthorityReader(createAcmPcaClient(client)),
    },
    store: new MemoryStateStore(),
    notifiers: [notifier],
    ticketers: [],
    remediation: { actuator: new KmsActuator(kms), priorState, roleArn: options.remediationRoleArn },
    logger: new Logger({ serviceName: "keysentry", logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "keysentry", serviceName: "keysentry" }),
    now: options.now ? () => options.now! : undefined,
  });
  const context = {
    invokedFunctionArn: `arn:aws:lambda:${region}:${account}:function:keysentry-replay`,
    functionName: "keysentry-replay",
  } as Context;
  // As deployed: each event function's handler, reading every source registered for it; an event
  // no source claims goes where KMS events go, whose reader says why it is ignored.
  const functions = [...new Set(EVENT_SOURCES.map((s) => s.functionName))];
  const handlers = new Map(functions.map((f) => [f, createEventHandler(eventReaderFor(f), services)]));
  return async (event) => {
    const sent = notifier.alerts.length;
    if (isConfigInvocation(event)) {
      const reporter = new CollectingReporter();
      // Replay cannot see which resources Config holds results for; stale ones are not retired.
      const handler = createConfigRuleHandler(services, { reporter, evaluated: { list: async () => [] } });
      const { reported: _reported, ...result } = await handler(event, context);
      return { result, alerts: notifier.alerts.slice(sent), evaluations: reporter.evaluations };
    }
    const served = eventSourceFor(field(event, "source")) ?? EVENT_SOURCES[0]!;
    const handler = handlers.get(served.functionName)!;
    return { result: await handler(event, context), alerts: notifier.alerts.slice(sent) };
  };
}

/** Replays one event in the account and region it names, unless the options name others. */
export async function replayEvent(event: unknown, options: ReplayOptions): Promise<Replay> {
  const region = options.region ?? field(event, "region") ?? process.env.AWS_REGION ?? "us-east-1";
  const account = options.account ?? field(event, "account") ?? field(event, "accountId") ?? "000000000000";
  return createReplayer({ ...options, region, account })(event);
}

/** A remediation the dispatcher held back because the run is a dry run. */
function heldByDryRun(action: Replay["result"]["actions"][number]): boolean {
  return (
    action.action === "remediation" && action.status === "skipped" && action.detail.startsWith("dry run")
  );
}

/**
 * The replay as a person reads it: what was found, what keysentry did, what it would send.
 * `readOnly`: the run was kept from writing only for want of --apply, so say what --apply does.
 */
export function formatReplay(replay: Replay, { readOnly = false } = {}): string {
  const { result, alerts } = replay;
  const lines: string[] = [];
  for (const { reason } of result.ignored) lines.push(`ignored: ${reason}`);
  const trouble = result.findings.filter((f) => isTrouble(f.status));
  const calm = result.findings.length - trouble.length;
  if (result.findings.length > 0)
    lines.push(
      `${result.findings.length} findings: ${trouble.length} need attention, ${calm} compliant or not applicable`,
    );
  for (const f of trouble) lines.push(`  ${f.severity.padEnd(8)} ${f.ruleId}: ${f.annotation}`);
  for (const a of result.actions.filter((a) => a.action !== "alert"))
    lines.push(
      readOnly && heldByDryRun(a)
        ? `  would remediate: ${a.target} (run with --apply to change the account)`
        : `  ${a.action} ${a.target}: ${a.status} (${a.detail})`,
    );
  for (const e of replay.evaluations ?? []) {
    lines.push(`  AWS Config: ${e.ComplianceType} ${e.ComplianceResourceType} ${e.ComplianceResourceId}`);
  }
  for (const alert of alerts) {
    lines.push(`alert: ${alertSubject(alert)}`);
    for (const line of alertText(alert).slice(1)) lines.push(`  ${line}`);
  }
  return lines.join("\n");
}
