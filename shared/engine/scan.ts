import pLimit from "p-limit";
import type { CertificateReader, KeyReader, TaggedResourceReader } from "../inventory";
import { arnLocation, type Finding, type ResourceType } from "../model";
import type { RuleSelection } from "../settings";
import { type ExemptionSource, type ExemptionTags, exemptionSource } from "./exemptions";
import {
  keySubject,
  listedCertificateSubject,
  type Outcome,
  type Subject,
  selectionsFor,
  settle,
} from "./resource";

export interface ScanProgress {
  phase: "listing" | "evaluating";
  resourceType: ResourceType;
  done: number;
  total: number;
}

export interface ResourceTally extends Record<Outcome, number> {
  listed: number;
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
  /** The exemption tag names; without them findings carry no exemption. */
  exemptionTags?: ExemptionTags;
  /** Reads every exemption tag in a few calls; without it each troubled resource's tags are read. */
  tagged?: TaggedResourceReader;
  /** Resources evaluated at once; each key costs up to three reads in parallel. */
  concurrency?: number;
  onProgress?: (progress: ScanProgress) => void;
}

const emptyTally = (): ResourceTally => ({ listed: 0, evaluated: 0, unreadable: 0, gone: 0 });

/** Evaluates every subject under the concurrency limit and tallies how each one ended. */
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
        const { findings, outcome } = await settle(subject, selections);
        tally[outcome]++;
        const resourceType = subject.who.resourceType;
        options.onProgress?.({ phase: "evaluating", resourceType, done: ++done, total: subjects.length });
        return findings;
      }),
    ),
  );
  return results.flat();
}

async function scanKeys(
  options: ScanOptions,
  exemptions: ExemptionSource | undefined,
  tally: ResourceTally,
  run: ReturnType<typeof pLimit>,
) {
  const { keys: reader, now, selections } = options;
  if (selectionsFor(selections, "AWS::KMS::Key").length === 0) return [];
  const [refs, aliases] = await Promise.all([
    collect(reader.listKeys(), "AWS::KMS::Key", options),
    reader.listAliases(),
  ]);
  const subjects = refs.map((ref) =>
    keySubject(reader, ref.keyId, arnLocation(ref.keyArn), selections, now, {
      aliases: aliases.get(ref.keyId) ?? [],
      exemptions,
    }),
  );
  return evaluateAll(subjects, selections, tally, run, options);
}

async function scanCertificates(
  options: ScanOptions,
  exemptions: ExemptionSource | undefined,
  tally: ResourceTally,
  run: ReturnType<typeof pLimit>,
) {
  const { certificates: reader, now, selections } = options;
  if (selectionsFor(selections, "AWS::ACM::Certificate").length === 0) return [];
  const summaries = await collect(reader.listCertificates(), "AWS::ACM::Certificate", options);
  const subjects = summaries.map((summary) =>
    listedCertificateSubject(reader, summary, selections, now, { exemptions }),
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
  const exemptions = options.exemptionTags && (await exemptionSource(options.exemptionTags, options.tagged));
  const [keyFindings, certificateFindings] = await Promise.all([
    scanKeys(options, exemptions, keys, run),
    scanCertificates(options, exemptions, certificates, run),
  ]);
  return { findings: [...keyFindings, ...certificateFindings], keys, certificates };
}
