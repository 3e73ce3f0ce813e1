import {
  type CertificateAuthorityReader,
  type CertificateReader,
  certificateSnapshotFromSummary,
  type KeyReader,
  loadCertificateFacets,
  loadCertificateSnapshot,
  loadKeyFacets,
  loadKeySnapshot,
  ResourceGoneError,
  type TaggedResourceReader,
  toReadFailure,
} from "../inventory";
import {
  arnLocation,
  type CertificateFacet,
  type CertificateSnapshot,
  type CertificateSummary,
  type EventFacts,
  type Finding,
  type KeyFacet,
  type KeyMetadata,
  type KeySnapshot,
  type ResourceType,
  type Snapshot,
} from "../model";
import type { RuleSelection } from "../settings";
import { type EvaluationOptions, evaluateSnapshot, type FacetLoader } from "./evaluate";
import { errorFinding, goneFinding, type ResourceIdentity } from "./findings";
import { judging, type TurnPolicy } from "./turns";

export interface Readers {
  keys: KeyReader;
  certificates: CertificateReader;
  /** ACM Private CA; without it no CA is listed, and a CA an event names cannot be read. */
  authorities?: CertificateAuthorityReader;
  /** Bulk tag reads for exemptions; without it each troubled resource's tags are read on their own. */
  tagged?: TaggedResourceReader;
}

/**
 * How one resource's evaluation ended; every resource ends in exactly one: evaluated, unreadable
 * (every rule reported ERROR) or gone (deleted between listing and reading).
 */
export type Outcome = "evaluated" | "unreadable" | "gone";

export interface Settled {
  findings: Finding[];
  outcome: Outcome;
  /** The snapshot the rules saw, when the resource could be read. */
  snapshot?: Snapshot;
}

/**
 * One resource to evaluate, not yet read: who it is, the read that starts it, and how to load it.
 * Made from a listing or from an event's `EventResource`.
 */
export interface PendingResource {
  who: ResourceIdentity;
  firstRead: string;
  /** How its path judges rules that take turns: an unreadable resource errs only on the rules judged. */
  turns?: TurnPolicy;
  load(): Promise<{ snapshot: Snapshot; findings: Finding[] }>;
}

export function selectionsFor(selections: readonly RuleSelection[], type: ResourceType) {
  return selections.filter(({ rule }) => rule.resourceType === type);
}

/**
 * Evaluates a pending resource; an unreadable one gets ERROR from every rule, a vanished one
 * NOT_APPLICABLE.
 */
export async function settle(
  resource: PendingResource,
  selections: readonly RuleSelection[],
): Promise<Settled> {
  const rules = selectionsFor(selections, resource.who.resourceType);
  try {
    const { snapshot, findings } = await resource.load();
    return { findings, outcome: "evaluated", snapshot };
  } catch (error) {
    if (error instanceof ResourceGoneError) {
      return { findings: rules.map(({ rule }) => goneFinding(rule, resource.who)), outcome: "gone" };
    }
    const failure = toReadFailure(error, resource.firstRead);
    const judged = rules.filter(
      ({ rule }) => judging(rule, resource.who.resourceArn, resource.turns) === "judge",
    );
    return {
      findings: judged.map(({ rule }) => errorFinding(rule, resource.who, failure)),
      outcome: "unreadable",
    };
  }
}

function keyArn(keyId: string, account: string, region: string): string {
  return keyId.startsWith("arn:")
    ? keyId
    : `arn:aws:kms:${region}:${account}:${keyId.startsWith("alias/") ? keyId : `key/${keyId}`}`;
}

/** Who a key is before it has been read: from an id, key ARN or alias, and where it lives. */
export function keyIdentity(keyId: string, where: { account: string; region: string }): ResourceIdentity {
  const arn = keyArn(keyId, where.account, where.region);
  return {
    resourceType: "AWS::KMS::Key",
    resourceId: keyId.split("/").pop() ?? keyId,
    resourceArn: arn,
    ...arnLocation(arn),
    label: `key ${keyId}`,
  };
}

export interface PendingResourceOptions extends EvaluationOptions {
  event?: EventFacts;
}

export interface PendingKeyOptions extends PendingResourceOptions {
  /** Aliases known from a region-wide listing; read with ListAliases otherwise. */
  aliases?: string[];
  /** The key's DescribeKey answer, when the path that found the key already read it. */
  described?: KeyMetadata;
}

/**
 * A resource to evaluate, once `snapshot` has read the start of it with `firstRead`; the event's
 * facts, when there is one, join the snapshot the rules see.
 */
export function resourceToEvaluate<S extends Snapshot>(
  who: ResourceIdentity,
  firstRead: string,
  snapshot: () => Promise<S>,
  loadFacets: FacetLoader<S>,
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions,
): PendingResource {
  const rules = selectionsFor(selections, who.resourceType);
  return {
    who,
    firstRead,
    turns: options.turns,
    async load() {
      const base = await snapshot();
      const initial = options.event ? { ...base, event: options.event } : base;
      return evaluateSnapshot(initial, rules, loadFacets, now, options);
    },
  };
}

/** A key by id, key ARN or alias, located in `account` and `region`. */
export function pendingKey(
  reader: KeyReader,
  keyId: string,
  where: { account: string; region: string },
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingKeyOptions = {},
): PendingResource {
  const who = keyIdentity(keyId, where);
  return resourceToEvaluate(
    who,
    "DescribeKey",
    () => loadKeySnapshot(reader, { keyId, keyArn: who.resourceArn }, options.aliases, options.described),
    (s: KeySnapshot, facets: readonly string[]) => loadKeyFacets(reader, s, facets as KeyFacet[]),
    selections,
    now,
    options,
  );
}

export function certificateIdentity(arn: string, label: string): ResourceIdentity {
  return {
    resourceType: "AWS::ACM::Certificate",
    resourceId: arn,
    resourceArn: arn,
    ...arnLocation(arn),
    label,
  };
}

/** A certificate to evaluate, once `snapshot` has read the start of it with `firstRead`. */
function certificateToEvaluate(
  reader: CertificateReader,
  who: ResourceIdentity,
  firstRead: string,
  snapshot: () => Promise<CertificateSnapshot>,
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions,
): PendingResource {
  const loadFacets = (s: CertificateSnapshot, facets: readonly string[]) =>
    loadCertificateFacets(reader, s, facets as CertificateFacet[]);
  return resourceToEvaluate(who, firstRead, snapshot, loadFacets, selections, now, options);
}

/** A listed certificate: its summary is the start of the snapshot. */
export function listedPendingCertificate(
  reader: CertificateReader,
  summary: CertificateSummary,
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions = {},
): PendingResource {
  const who = certificateIdentity(summary.arn, summary.domainName);
  const snapshot = async () => certificateSnapshotFromSummary(summary);
  return certificateToEvaluate(reader, who, "DescribeCertificate", snapshot, selections, now, options);
}

/** A certificate by ARN alone (an event, a Config change): found by SearchCertificates, as a listing would. */
export function pendingCertificate(
  reader: CertificateReader,
  arn: string,
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions = {},
): PendingResource {
  const who = certificateIdentity(arn, `certificate ${arn.split("/").pop()}`);
  const snapshot = () => loadCertificateSnapshot(reader, arn);
  return certificateToEvaluate(reader, who, "SearchCertificates", snapshot, selections, now, options);
}
