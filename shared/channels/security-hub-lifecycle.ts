import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { evidenceHash } from "../actions";
import type { Finding } from "../model";
import {
  type AsffOutcome,
  type AsffRecordLife,
  asffFinding,
  asffId,
  asffOutcome,
  asffRecords,
} from "../outputs";

/** What keysentry remembers of the record it last imported for one (rule, resource). */
export interface ImportedRecord {
  id: string;
  createdAt: string;
  firstObservedAt: string;
  updatedAt: string;
  /** Open (ACTIVE trouble, suppressed or not): the sweep refreshes it. */
  open: boolean;
  /** What was sent: Id, status, severity and evidence; a different one is a change worth importing. */
  signature: string;
}

/** Where the channel keeps its ImportedRecords, by (rule, resource). */
export interface FindingLedger {
  get(key: string): Promise<ImportedRecord | undefined>;
  put(key: string, record: ImportedRecord, now: Date): Promise<void>;
}

export interface PlannedImport {
  records: AwsSecurityFinding[];
  /** What to remember once every record is imported. */
  next?: ImportedRecord;
}

const signature = (id: string, outcome: AsffOutcome, finding: Finding) =>
  `${id}|${outcome}|${finding.status}|${finding.severity}|${evidenceHash(finding)}`;

/** UpdatedAt must be later than every earlier value, or Security Hub ignores the update (user guide, "UpdatedAt"). */
function after(previous: ImportedRecord | undefined, now: Date): string {
  const last = previous ? Date.parse(previous.updatedAt) : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(now.getTime(), last + 1)).toISOString();
}

/**
 * The records one finding's import needs, given what was imported before (see docs/outputs.md):
 *
 * - trouble opens its record, or keeps it open with its CreatedAt and FirstObservedAt; an
 *   exempt one is a record of its own, created SUPPRESSED, and the regular record is archived;
 * - a pass sets the open record's Compliance.Status to PASSED (Security Hub resets a RESOLVED or
 *   NOTIFIED workflow to NEW if it fails again);
 * - not applicable (the resource deleted, or out of the rule's scope) archives the open record;
 * - Workflow is sent only when a record is created: after that BatchImportFindings ignores it
 *   (user guide, "Restricted fields for BatchImportFindings").
 *
 * Without a ledger (`unknown`), each finding is written as if created now. Only changes are sent
 * unless `refresh`, which resends every open record so Security Hub, which deletes findings not
 * updated for 90 days, keeps them.
 */
export function planImport(
  finding: Finding,
  previous: ImportedRecord | undefined | "unknown",
  now: Date,
  refresh: boolean,
): PlannedImport {
  if (previous === "unknown") return { records: asffRecords(finding, now) };
  const outcome = asffOutcome(finding);
  const updatedAt = after(previous, now);
  const wasOpen = previous?.open === true;
  if (outcome === "resolved" || outcome === "archived") {
    if (!previous || !wasOpen) return { records: [] };
    const life: AsffRecordLife = { ...previous, outcome, updatedAt, creating: false };
    return {
      records: [asffFinding(finding, life)],
      next: { ...previous, updatedAt, open: false, signature: signature(previous.id, outcome, finding) },
    };
  }
  const id = asffId(finding, outcome === "suppressed");
  const exists = previous?.id === id;
  const continuing = exists && wasOpen;
  const next: ImportedRecord = {
    id,
    createdAt: exists ? previous.createdAt : updatedAt,
    firstObservedAt: continuing ? previous.firstObservedAt : updatedAt,
    updatedAt,
    open: true,
    signature: signature(id, outcome, finding),
  };
  if (continuing && !refresh && previous.signature === next.signature) return { records: [] };
  const records = [asffFinding(finding, { ...next, outcome, creating: !exists })];
  // Trouble moved to the other record (an exemption began or ended): the one left behind is archived.
  if (previous && wasOpen && !exists)
    records.push(asffFinding(finding, { ...previous, outcome: "archived", updatedAt, creating: false }));
  return { records, next };
}

/** For tests and the demo: a ledger in memory. */
export class MemoryFindingLedger implements FindingLedger {
  readonly records = new Map<string, ImportedRecord>();

  async get(key: string) {
    return this.records.get(key);
  }

  async put(key: string, record: ImportedRecord) {
    this.records.set(key, record);
  }
}
