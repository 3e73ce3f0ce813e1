import pLimit from "p-limit";
import {
  type CertificateReader,
  certificateSnapshotFromSummary,
  type KeyReader,
  type KeyRef,
  loadCertificateFacets,
  loadKeyFacets,
  loadKeySnapshot,
  ResourceGoneError,
  toReadFailure,
} from "../inventory";
import { arnLocation, type CertificateFacet, type Finding, type KeyFacet, type ResourceType } from "../model";
import type { RuleSelection } from "../settings";
import { evaluateSnapshot } from "./evaluate";
import { errorFinding, goneFinding, type ResourceIdentity } from "./findings";

export interface ScanProgress {
  phase: "listing" | "evaluating";
  resourceType: ResourceType;
  done: number;
  total: number;
}

export interface ResourceTally {
  listed: number;
  evaluated: number;
  /** Could not be read at all: every rule reported ERROR. */
  unreadable: number;
  /** Deleted between listing and reading. */
  gone: number;
}

export interface ScanResult {
  findings: Finding[];
  keys: ResourceTally;
  certificates: ResourceTally;
}

export interface ScanOptions {
  keys: KeyReader;
  certificates: CertificateReader;
  selections: readonly RuleSelection[];
  now: Date;
  /** Resources evaluated at once; each key costs up to three reads in parallel. */
  concurrency?: number;
  onProgress?: (progress: ScanProgress) => void;
}

const emptyTally = (): ResourceTally => ({ listed: 0, evaluated: 0, unreadable: 0, gone: 0 });

function keyIdentity(ref: KeyRef): ResourceIdentity {
  return {
    resourceType: "AWS::KMS::Key",
    resourceId: ref.keyId,
    resourceArn: ref.keyArn,
    ...arnLocation(ref.keyArn),
    label: `key ${ref.keyId}`,
  };
}

function selectionsFor(selections: readonly RuleSelection[], type: ResourceType) {
  return selections.filter(({ rule }) => rule.resourceType === type);
}

async function scanKeys(
  options: ScanOptions,
  tally: ResourceTally,
  run: ReturnType<typeof pLimit>,
): Promise<Finding[]> {
  const selections = selectionsFor(options.selections, "AWS::KMS::Key");
  if (selections.length === 0) return [];
  const [refs, aliases] = await Promise.all([
    collect(options.keys.listKeys(), "AWS::KMS::Key", options),
    options.keys.listAliases(),
  ]);
  tally.listed = refs.length;
  let done = 0;
  const results = await Promise.all(
    refs.map((ref) =>
      run(async () => {
        const findings = await evaluateKey(options, selections, ref, aliases.get(ref.keyId) ?? [], tally);
        options.onProgress?.({
          phase: "evaluating",
          resourceType: "AWS::KMS::Key",
          done: ++done,
          total: refs.length,
        });
        return findings;
      }),
    ),
  );
  return results.flat();
}

async function evaluateKey(
  options: ScanOptions,
  selections: readonly RuleSelection[],
  ref: KeyRef,
  aliases: string[],
  tally: ResourceTally,
): Promise<Finding[]> {
  try {
    const snapshot = await loadKeySnapshot(options.keys, ref, aliases);
    const findings = await evaluateSnapshot(
      snapshot,
      selections,
      (s, facets) => loadKeyFacets(options.keys, s, facets as KeyFacet[]),
      options.now,
    );
    tally.evaluated++;
    return findings;
  } catch (error) {
    const who = keyIdentity(ref);
    if (error instanceof ResourceGoneError) {
      tally.gone++;
      return selections.map(({ rule }) => goneFinding(rule, who));
    }
    tally.unreadable++;
    const failure = toReadFailure(error, "DescribeKey");
    return selections.map(({ rule }) => errorFinding(rule, who, failure));
  }
}

async function scanCertificates(
  options: ScanOptions,
  tally: ResourceTally,
  run: ReturnType<typeof pLimit>,
): Promise<Finding[]> {
  const selections = selectionsFor(options.selections, "AWS::ACM::Certificate");
  if (selections.length === 0) return [];
  const summaries = await collect(options.certificates.listCertificates(), "AWS::ACM::Certificate", options);
  tally.listed = summaries.length;
  let done = 0;
  const results = await Promise.all(
    summaries.map((summary) =>
      run(async () => {
        const snapshot = certificateSnapshotFromSummary(summary);
        let findings: Finding[];
        try {
          findings = await evaluateSnapshot(
            snapshot,
            selections,
            (s, facets) => loadCertificateFacets(options.certificates, s, facets as CertificateFacet[]),
            options.now,
          );
          tally.evaluated++;
        } catch (error) {
          if (!(error instanceof ResourceGoneError)) throw error;
          tally.gone++;
          const who: ResourceIdentity = {
            resourceType: "AWS::ACM::Certificate",
            resourceId: summary.arn,
            resourceArn: summary.arn,
            ...arnLocation(summary.arn),
            label: summary.domainName,
          };
          findings = selections.map(({ rule }) => goneFinding(rule, who));
        }
        options.onProgress?.({
          phase: "evaluating",
          resourceType: "AWS::ACM::Certificate",
          done: ++done,
          total: summaries.length,
        });
        return findings;
      }),
    ),
  );
  return results.flat();
}

async function collect<T>(
  items: AsyncIterable<T>,
  resourceType: ResourceType,
  options: ScanOptions,
): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
    if (all.length % 100 === 0)
      options.onProgress?.({ phase: "listing", resourceType, done: all.length, total: all.length });
  }
  options.onProgress?.({ phase: "listing", resourceType, done: all.length, total: all.length });
  return all;
}

/**
 * Evaluates every key and certificate of one account and region with the selected rules.
 * Every listed resource ends as findings: evaluated, ERROR (unreadable) or NOT_APPLICABLE (gone).
 */
export async function scanRegion(options: ScanOptions): Promise<ScanResult> {
  const run = pLimit(options.concurrency ?? 8);
  const keys = emptyTally();
  const certificates = emptyTally();
  const [keyFindings, certificateFindings] = await Promise.all([
    scanKeys(options, keys, run),
    scanCertificates(options, certificates, run),
  ]);
  return { findings: [...keyFindings, ...certificateFindings], keys, certificates };
}
