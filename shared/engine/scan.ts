import pLimit from "p-limit";
import type {
  CertificateAuthorityReader,
  CertificateReader,
  KeyReader,
  TaggedResourceReader,
} from "../inventory";
import type { Finding, ReadFailure, ResourceType, Snapshot } from "../model";
import type { RuleSelection } from "../settings";
import { type ExemptionTags, exemptionSource } from "./exemptions";
import { listPendingAuthorities, listPendingCertificates, listPendingKeys } from "./listing";
import { type Outcome, type PendingResource, settle } from "./resource";

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
  authorities: ResourceTally;
  /** The bulk read of exemption tags failed, so troubled resources' tags were read one by one. */
  exemptionTagsFailure?: ReadFailure;
}

export interface ScanOptions {
  keys: KeyReader;
  certificates: CertificateReader;
  /** ACM Private CA; without it no CA is listed. */
  authorities?: CertificateAuthorityReader;
  selections: readonly RuleSelection[];
  now: Date;
  /** The exemption tag names; without them findings carry no exemption. */
  exemptionTags?: ExemptionTags;
  /** Reads every exemption tag in a few calls; without it each troubled resource's tags are read. */
  tagged?: TaggedResourceReader;
  /** Resources evaluated at once; each key costs up to three reads in parallel. */
  concurrency?: number;
  onProgress?: (progress: ScanProgress) => void;
  /** Each snapshot the rules saw, as its resource settles (the CLI's HTML report charts them). */
  onSnapshot?: (snapshot: Snapshot) => void;
}

const emptyTally = (): ResourceTally => ({ listed: 0, evaluated: 0, unreadable: 0, gone: 0 });

/** Evaluates every resource under the concurrency limit and tallies how each one ended. */
async function evaluateAll(
  resources: PendingResource[],
  selections: readonly RuleSelection[],
  tally: ResourceTally,
  run: ReturnType<typeof pLimit>,
  options: ScanOptions,
): Promise<Finding[]> {
  tally.listed = resources.length;
  let done = 0;
  const results = await Promise.all(
    resources.map((resource) =>
      run(async () => {
        const { findings, outcome, snapshot } = await settle(resource, selections);
        tally[outcome]++;
        if (snapshot) options.onSnapshot?.(snapshot);
        const resourceType = resource.who.resourceType;
        options.onProgress?.({ phase: "evaluating", resourceType, done: ++done, total: resources.length });
        return findings;
      }),
    ),
  );
  return results.flat();
}

/**
 * Evaluates every key, certificate and private CA of one account and region with the selected rules.
 * Every listed resource ends as findings: evaluated, ERROR (unreadable) or NOT_APPLICABLE (gone).
 */
export async function scanRegion(options: ScanOptions): Promise<ScanResult> {
  const run = pLimit(options.concurrency ?? 8);
  const keys = emptyTally();
  const certificates = emptyTally();
  const authorities = emptyTally();
  const exemptions = options.exemptionTags && (await exemptionSource(options.exemptionTags, options.tagged));
  const listing = {
    selections: options.selections,
    now: options.now,
    exemptions,
    onListed: (resourceType: ResourceType, count: number) =>
      options.onProgress?.({ phase: "listing", resourceType, done: count, total: count }),
  };
  const [keyFindings, certificateFindings, authorityFindings] = await Promise.all([
    listPendingKeys(options.keys, listing).then((resources) =>
      evaluateAll(resources, options.selections, keys, run, options),
    ),
    listPendingCertificates(options.certificates, listing).then((resources) =>
      evaluateAll(resources, options.selections, certificates, run, options),
    ),
    options.authorities
      ? listPendingAuthorities(options.authorities, listing).then((resources) =>
          evaluateAll(resources, options.selections, authorities, run, options),
        )
      : [],
  ]);
  return {
    findings: [...keyFindings, ...certificateFindings, ...authorityFindings],
    keys,
    certificates,
    authorities,
    exemptionTagsFailure: exemptions?.bulkFailure,
  };
}
