import { type TaggedResourceReader, toReadFailure } from "../inventory";
import {
  type Facet,
  type Finding,
  type FindingExemption,
  isTrouble,
  type ReadFailure,
  type Tags,
} from "../model";

/** The tag names that exempt a resource; settings may rename them. */
export interface ExemptionTags {
  /** `all`, or comma-separated rule ids. */
  tag: string;
  /** An ISO date after which the exemption lapses. */
  untilTag: string;
  /** Why the resource is exempt, in the owner's words. */
  reasonTag: string;
}

export const DEFAULT_EXEMPTION_TAGS: ExemptionTags = {
  tag: "keysentry:exempt",
  untilTag: "keysentry:exempt-until",
  reasonTag: "keysentry:exempt-reason",
};

/** How the engine learns a resource's exemption tags. */
export interface ExemptionSource {
  names: ExemptionTags;
  /**
   * Tags from one bulk read of every resource carrying the exemption tag (the sweep, the scan):
   * a resource missing from it has no exemption. Without it, the resource's own tags are read.
   */
  tagged?: ReadonlyMap<string, Tags>;
  /** Why the bulk read failed, when it did: each troubled resource's own tags are read instead. */
  bulkFailure?: ReadFailure;
}

/** Tag values are at most 256 characters (tagging API limits); more is not ours to echo. */
const MAX_REASON = 256;

/** Whether the resource's tags exempt it from a rule, and until when; undefined when they do not. */
export function exemptionFor(
  tags: Tags,
  ruleId: string,
  now: Date,
  names: ExemptionTags = DEFAULT_EXEMPTION_TAGS,
): FindingExemption | undefined {
  const value = tags[names.tag]?.trim();
  if (!value) return undefined;
  const rules = value.split(",").map((id) => id.trim().toLowerCase());
  if (!rules.includes("all") && !rules.includes(ruleId)) return undefined;
  const reason = (tags[names.reasonTag]?.trim() || `tagged ${names.tag}=${value}`).slice(0, MAX_REASON);
  const until = tags[names.untilTag]?.trim();
  if (!until) return { state: "exempt", tag: names.tag, reason };
  const date = new Date(until);
  // A date nobody can read does not silently exempt forever.
  if (Number.isNaN(date.getTime()))
    return {
      state: "invalid",
      tag: names.tag,
      reason: `${names.untilTag}="${until.slice(0, 64)}" is not a date`,
    };
  return date.getTime() < now.getTime()
    ? { state: "expired", tag: names.tag, reason: `the exemption ended on ${until}`, until }
    : { state: "exempt", tag: names.tag, reason, until };
}

/** The tags could not be read: nobody can say the resource is exempt, so it is not treated as such. */
function unreadableExemption(names: ExemptionTags, failure: ReadFailure): FindingExemption {
  return {
    state: "unreadable",
    tag: names.tag,
    reason: `exemption tags could not be read (${failure.operation}: ${failure.code}); alerting, not remediating`,
  };
}

/** Marks each trouble finding with what the resource's tags say; others are left as they are. */
export function applyExemptions(
  findings: Finding[],
  tags: Facet<Tags>,
  names: ExemptionTags,
  now: Date,
): Finding[] {
  return findings.map((finding) => {
    if (!isTrouble(finding.status)) return finding;
    if (tags.state === "failed") return { ...finding, exemption: unreadableExemption(names, tags.failure) };
    if (tags.state !== "read") return finding;
    const exemption = exemptionFor(tags.value, finding.ruleId, now, names);
    return exemption ? { ...finding, exemption } : finding;
  });
}

/** How an exemption reads in one line: "exempt until 2027-06-30: waiting for the vendor". */
export function describeExemption(exemption: FindingExemption): string {
  if (exemption.state === "exempt")
    return `exempt${exemption.until ? ` until ${exemption.until}` : ""}: ${exemption.reason}`;
  return exemption.reason;
}

/**
 * The exemption source of a region-wide pass (scan, sweep, Config's periodic run): one bulk read
 * when a tagging reader is at hand. If that read fails, each troubled resource's own tags are
 * read instead, so a failed bulk read never exempts anything and never hides an exemption.
 */
export async function exemptionSource(
  names: ExemptionTags,
  reader: TaggedResourceReader | undefined,
): Promise<ExemptionSource> {
  if (!reader) return { names };
  try {
    return { names, tagged: await reader.taggedWith(names.tag) };
  } catch (error) {
    return { names, bulkFailure: toReadFailure(error, "GetResources") };
  }
}
