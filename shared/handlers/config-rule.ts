import { MetricUnit } from "@aws-lambda-powertools/metrics";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { dispatch, feedSinks, flushSinks } from "../actions";
import {
  type ConfigRequest,
  type ConfigRuleDependencies,
  ConfigRuleParameterError,
  isRuleResource,
  readConfigInvocation,
  ruleParameters,
  toEvaluations,
} from "../config-rules";
import { identityFor, notApplicableFinding, pendingResource, scanRegion, settle } from "../engine";
import type { Finding } from "../model";
import type { EventResult } from "../pipeline";
import type { Services } from "../services";
import type { RuleSelection } from "../settings";
import { accountOf } from "./lambda-context";
import { observability } from "./observability";

export interface ConfigRuleResult extends EventResult {
  /** Evaluations written to AWS Config, and the PutEvaluations calls it took. */
  reported: { evaluations: number; calls: number };
}

async function evaluateChangedItem(
  request: Extract<ConfigRequest, { kind: "change" }>,
  selection: RuleSelection,
  services: Services,
  account: string,
): Promise<Finding[]> {
  const { rule } = selection;
  const { readers, now } = services.pipeline;
  if (!isRuleResource(rule, request.resourceType)) return [];
  const where = { account, region: services.region };
  const who = identityFor(request.resourceType, request.resourceId, where);
  if (request.gone)
    return [notApplicableFinding(rule, who, "deleted, as AWS Config recorded", { deleted: true })];
  if (request.leftScope)
    return [notApplicableFinding(rule, who, "no longer in the scope of this Config rule")];
  const exemptions = { names: services.settings.exemptionTags };
  const resource = pendingResource(
    readers,
    request.resourceType,
    request.resourceId,
    where,
    [selection],
    now(),
    {
      exemptions,
    },
  );
  return (await settle(resource, [selection])).findings;
}

/** Every resource of the rule's type, and NOT_APPLICABLE for those Config still lists that are gone. */
async function evaluateOnSchedule(
  request: ConfigRequest,
  selection: RuleSelection,
  services: Services,
  deps: ConfigRuleDependencies,
  account: string,
): Promise<Finding[]> {
  const { readers, now } = services.pipeline;
  const { findings } = await scanRegion({
    keys: readers.keys,
    certificates: readers.certificates,
    authorities: readers.authorities,
    selections: [selection],
    now: now(),
    exemptionTags: services.settings.exemptionTags,
    tagged: readers.tagged,
  });
  const current = new Set(findings.map((f) => f.resourceId));
  const stale = (await deps.evaluated.list(request.configRuleName)).filter(
    (r) => isRuleResource(selection.rule, r.resourceType) && !current.has(r.resourceId),
  );
  return [
    ...findings,
    ...stale.map((r) =>
      notApplicableFinding(
        selection.rule,
        identityFor(selection.rule.resourceType, r.resourceId, { account, region: services.region }),
        "no longer exists",
        { deleted: true },
      ),
    ),
  ];
}

/**
 * One function for every keysentry Config rule: reads the invocation, evaluates with the
 * same engine as every other path, and writes the evaluations. A bad rule parameter throws,
 * so Config shows the rule failing rather than a silent COMPLIANT. ERROR findings are not
 * evaluations: they are logged, counted and alerted as an operational problem.
 */
export function createConfigRuleHandler(services: Services, deps: ConfigRuleDependencies) {
  return middy(async (event: unknown, context: Context): Promise<ConfigRuleResult> => {
    const request = readConfigInvocation(event);
    const configured = services.pipeline.selections.find((s) => s.rule.id === request.rule.id);
    const selection: RuleSelection = {
      rule: request.rule,
      mode: "report",
      params: ruleParameters(request, configured?.params ?? request.rule.params.parse({})),
    };
    const account = accountOf(context);
    const findings =
      request.kind === "change"
        ? await evaluateChangedItem(request, selection, services, account)
        : await evaluateOnSchedule(request, selection, services, deps, account);
    const { evaluations, unreadable } = toEvaluations(findings, request.orderingTimestamp);
    const { calls } = await deps.reporter.report(evaluations, request.resultToken, request.testMode);
    // Security Hub hears every path: a periodic run refreshes the rule's open records, as the sweep does.
    await feedSinks(findings, request.kind !== "change", services.pipeline.now(), services.pipeline.dispatch);
    const actions =
      unreadable.length > 0
        ? await dispatch(unreadable, undefined, undefined, {
            ...services.pipeline.dispatch,
            now: services.pipeline.now(),
          })
        : [];
    await flushSinks(services.pipeline.dispatch);
    services.logger.info("Config rule evaluated", {
      configRuleName: request.configRuleName,
      ruleId: request.rule.id,
      messageKind: request.kind,
      evaluations: evaluations.length,
      unreadable: unreadable.map((f) => ({ resourceId: f.resourceId, failure: f.evidence.failure })),
    });
    services.metrics.addMetric("ConfigEvaluations", MetricUnit.Count, evaluations.length);
    services.metrics.addMetric("UnreadableFindings", MetricUnit.Count, unreadable.length);
    return { findings, actions, ignored: [], reported: { evaluations: evaluations.length, calls } };
  }).use(observability(services, [ConfigRuleParameterError]));
}
