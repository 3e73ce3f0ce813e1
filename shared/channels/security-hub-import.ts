import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type SecurityHubClient,
} from "@aws-sdk/client-securityhub";

// BatchImportFindings takes up to 100 findings and 6 MB per call (Security Hub user guide,
// "BatchImportFindings for finding providers"); a margin is kept for the request's envelope.
const MAX_FINDINGS_PER_CALL = 100;
const MAX_BYTES_PER_CALL = 6 * 1024 * 1024 - 64 * 1024;
/** Attempts per finding that Security Hub refuses for a reason that may pass (InternalError, throttling). */
const MAX_ATTEMPTS = 3;
/** Refusals that another attempt cannot change: the finding or the account is wrong. */
const FINAL = /Invalid|AccessDenied|NotFound/i;

/** Splits records into calls of at most 100 findings and 6 MB. */
export function batches(records: readonly AwsSecurityFinding[]): AwsSecurityFinding[][] {
  const calls: AwsSecurityFinding[][] = [];
  let bytes = 0;
  for (const record of records) {
    const size = Buffer.byteLength(JSON.stringify(record));
    const last = calls.at(-1);
    if (!last || last.length >= MAX_FINDINGS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL) {
      calls.push([record]);
      bytes = size;
    } else {
      last.push(record);
      bytes += size;
    }
  }
  return calls;
}

/**
 * Imports ASFF records, one call after another. The SDK's retries (adaptive mode, see create())
 * absorb throttling of the call; findings Security Hub returns in FailedFindings are sent again
 * unless their error is final. Answers the records not imported, by Id, with why.
 */
export async function importRecords(
  client: SecurityHubClient,
  records: readonly AwsSecurityFinding[],
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  for (const call of batches(records)) {
    let pending = call;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let refused: { Id?: string; ErrorCode?: string; ErrorMessage?: string }[];
      try {
        refused =
          (await client.send(new BatchImportFindingsCommand({ Findings: pending }))).FailedFindings ?? [];
      } catch (error) {
        const reason = `${(error as Error).name}: ${(error as Error).message}`;
        for (const record of pending) failed.set(record.Id!, reason);
        break;
      }
      const byId = new Map(
        refused.map((r) => [r.Id, `${r.ErrorCode ?? "Unknown"}: ${r.ErrorMessage ?? ""}`]),
      );
      const retry = pending.filter(
        (r) => byId.has(r.Id) && !FINAL.test(byId.get(r.Id)!) && attempt < MAX_ATTEMPTS,
      );
      for (const record of pending)
        if (byId.has(record.Id) && !retry.includes(record)) failed.set(record.Id!, byId.get(record.Id)!);
      pending = retry;
    }
  }
  return failed;
}
