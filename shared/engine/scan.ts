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
import {
  arnLocation,
  type CertificateFacet,
  type CertificateSnapshot,
  type CertificateSummary,
  type Finding,
  type KeyFacet,
  type KeySnapshot,
  type ResourceType,
} from "../model";
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

function certificateIdentity(summary: CertificateSummary): ResourceIdentity {
  return {
    resourceType: "AWS::ACM::Certificate",
    resourceId: summary.arn,
    resourceArn: summary.arn,
    ...arnLocation(summary.arn),
    label: summary.domainName,
  };
}

function selectionsFor(selections: readonly RuleSelection[], type: ResourceType) {
  return selections.filter(({ rule }) => rule.resourceType === type);
}

/** One listed resource: who it is, the read that starts its evaluation, and the evaluation. */
interface Subject {
  who: ResourceIdentity;
  firstRead: string;
  evaluate(): Promise<Finding[]>;
}

/**
 * Evaluates every subject under the concurrency limit. Each one ends as findings:
 * evaluated, ERROR for every rule when it cannot be read, NOT_APPLICABLE when it is gone.
 */
async function evaluateAll(
  subjects: Subject[],
  selections: readonly RuleSelection[],
  tally: ResourceTally,
  run: ReturnType<typeof pLimit>,
  options: ScanOptions,
): Promise<Finding[]> {
  tally.listed = subjects.length;
  let done = 0;
  const results = await Promise.all(
    subjects.map((subject) =>
      run(async () => {
        let findings: Finding[];
        try {
          findings = await subject.evaluate();
          tally.evaluated++;
        } catch (error) {
          if (error instanceof ResourceGoneError) {
            tally.gone++;
            findings = selections.map(({ rule }) => goneFinding(rule, subject.who));
          } else {
            tally.unreadable++;
            const failure = toReadFailure(error, subject.firstRead);
            findings = selections.map(({ rule }) => errorFinding(rule, subject.who, failure));
          }
        }
        const resourceType = subject.who.resourceType;
        options.onProgress?.({ phase: "evaluating", resourceType, done: ++done, total: subjects.length });
        return findings;
      }),
    ),
  );
  return results.flat();
}

async function scanKeys(options: ScanOptions, tally: ResourceTally, run: ReturnType<typeof pLimit>) {
  const selections = selectionsFor(options.selections, "AWS::KMS::Key");
  if (selections.length === 0) return [];
  const { keys: reader, now } = options;
  const [refs, aliases] = await Promise.all([
    collect(reader.listKeys(), "AWS::KMS::Key", options),
    reader.listAliases(),
  ]);
  const subjects = refs.map(
    (ref): Subject => ({
      who: keyIdentity(ref),
      firstRead: "DescribeKey",
      evaluate: async () => {
        const snapshot = await loadKeySnapshot(reader, ref, aliases.get(ref.keyId) ?? []);
        const load = (s: KeySnapshot, facets: readonly string[]) =>
          loadKeyFacets(reader, s, facets as KeyFacet[]);
        return evaluateSnapshot(snapshot, selections, load, now);
      },
    }),
  );
  return evaluateAll(subjects, selections, tally, run, options);
}

async function scanCertificates(options: ScanOptions, tally: ResourceTally, run: ReturnType<typeof pLimit>) {
  const selections = selectionsFor(options.selections, "AWS::ACM::Certificate");
  if (selections.length === 0) return [];
  const { certificates: reader, now } = options;
  const summaries = await collect(reader.listCertificates(), "AWS::ACM::Certificate", options);
  const subjects = summaries.map(
    (summary): Subject => ({
      who: certificateIdentity(summary),
      firstRead: "DescribeCertificate",
      evaluate: () => {
        const load = (s: CertificateSnapshot, facets: readonly string[]) =>
          loadCertificateFacets(reader, s, facets as CertificateFacet[]);
        return evaluateSnapshot(certificateSnapshotFromSummary(summary), selections, load, now);
      },
    }),
  );
  return evaluateAll(subjects, selections, tally, run, options);
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
