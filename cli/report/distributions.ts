import type { ResourceFacts } from "./facts";

export interface Bucket {
  label: string;
  count: number;
  /** A class of the report's palette: how worrying this bucket is. */
  tone: "good" | "fair" | "poor" | "bad";
}

/** Buckets, and how many of the customer-managed keys they cover (the others' facts were not read). */
export interface KeyDistribution {
  buckets: Bucket[];
  covered: number;
  keys: number;
}

interface Band {
  label: string;
  /** Inclusive upper bound in days. */
  upTo: number;
  tone: Bucket["tone"];
}

function bucketize(values: readonly number[], bands: readonly Band[]): Bucket[] {
  const buckets = bands.map(({ label, tone }) => ({ label, tone, count: 0 }));
  for (const value of values) {
    const index = bands.findIndex((band) => value <= band.upTo);
    buckets[index < 0 ? bands.length - 1 : index]!.count++;
  }
  return buckets;
}

// KMS rotates every 365 days unless RotationPeriodInDays says otherwise (KMS API reference, EnableKeyRotation).
const ROTATION_BANDS: Band[] = [
  { label: "≤ 90 d", upTo: 90, tone: "good" },
  { label: "91–180 d", upTo: 180, tone: "good" },
  { label: "181–365 d", upTo: 365, tone: "fair" },
  { label: "1–2 y", upTo: 730, tone: "poor" },
  { label: "> 2 y", upTo: Number.POSITIVE_INFINITY, tone: "bad" },
];

const LAST_USE_BANDS: Band[] = [
  { label: "≤ 7 d", upTo: 7, tone: "good" },
  { label: "8–30 d", upTo: 30, tone: "good" },
  { label: "31–90 d", upTo: 90, tone: "fair" },
  { label: "91–180 d", upTo: 180, tone: "poor" },
  { label: "> 180 d", upTo: Number.POSITIVE_INFINITY, tone: "bad" },
];

const customerKeys = (facts: readonly ResourceFacts[]) =>
  facts.filter((f) => f.resourceType === "AWS::KMS::Key" && f.customerManaged);

/**
 * Customer-managed keys by days since their key material last changed; keys whose history was not
 * read (rotation on and on schedule, or off) by their rotation setting.
 */
export function rotationAge(facts: readonly ResourceFacts[]): KeyDistribution {
  const keys = customerKeys(facts);
  const ages = keys.flatMap((f) => (f.rotationAgeDays === undefined ? [] : [f.rotationAgeDays]));
  const setting = (on: "on" | "off") => keys.filter((f) => f.automaticRotation === on).length;
  const buckets: Bucket[] = [
    ...bucketize(ages, ROTATION_BANDS),
    { label: "rotating", count: setting("on"), tone: "good" },
    { label: "rotation off", count: setting("off"), tone: "bad" },
  ];
  return { buckets, covered: buckets.reduce((sum, b) => sum + b.count, 0), keys: keys.length };
}

/** Customer-managed keys by days since their last cryptographic use, then those with none recorded. */
export function lastUse(facts: readonly ResourceFacts[]): KeyDistribution {
  const keys = customerKeys(facts);
  const read = keys.filter((f) => f.daysSinceLastUse !== undefined);
  const used = read.flatMap((f) => (f.daysSinceLastUse == null ? [] : [f.daysSinceLastUse]));
  const buckets = [
    ...bucketize(used, LAST_USE_BANDS),
    { label: "never", count: read.length - used.length, tone: "bad" as const },
  ];
  return { buckets, covered: read.length, keys: keys.length };
}
