import type { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import pLimit from "p-limit";
import { CallCounter } from "../../shared/aws/clients";
import type { ExemptionTags, ScanProgress } from "../../shared/engine";
import type { Finding, ReadFailure, Snapshot } from "../../shared/model";
import type { RuleSelection } from "../../shared/settings";
import { AwsUnreadableError, explainAwsFailure } from "../aws-failure";
import { type ScanReport, scanAccount } from "../scan";
import type { MemberAccount } from "./accounts";
import type { OrganizationOptions } from "./options";
import { assumedRole, type Caller, roleArn } from "./sessions";
import { unreadableFindings } from "./unreadable";

/** One account's outcome: its findings (ERROR ones for what could not be read) and what was read. */
export interface AccountResult {
  account: MemberAccount;
  findings: Finding[];
  /** The regions that could be read, merged; none when the account could not be read at all. */
  report?: ScanReport;
  /** Why a region (or, for the role, every region) could not be read. */
  failures: { region?: string; reason: string }[];
}

export interface OrganizationScanRequest {
  accounts: readonly MemberAccount[];
  caller: Caller;
  sts: STSClient;
  options: OrganizationOptions;
  regions: readonly string[];
  selections: readonly RuleSelection[];
  exemptionTags: ExemptionTags;
  endpoint?: string;
  profile?: string;
  now: Date;
  onAccountStart?: (account: MemberAccount) => void;
  onProgress?: (account: MemberAccount, region: string, progress: ScanProgress) => void;
  onSnapshot?: (snapshot: Snapshot) => void;
  /** Each account as it ends, in the order they end: the output streams from here. */
  onAccount: (result: AccountResult) => void;
}

/**
 * Adds one region's report to the account's: lists are joined, call counters and tallies summed,
 * whatever the report holds, so a resource family the scan gains is merged too.
 */
function merge(total: ScanReport, part: ScanReport): void {
  const into = total as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(part)) {
    const held = into[name];
    if (Array.isArray(value)) (held as unknown[]).push(...value);
    else if (value instanceof CallCounter)
      for (const [op, n] of value.counts)
        (held as CallCounter).counts.set(op, ((held as CallCounter).counts.get(op) ?? 0) + n);
    else if (value && typeof value === "object")
      for (const [k, n] of Object.entries(value)) (held as Record<string, number>)[k]! += n as number;
  }
}

/** An error from talking to AWS, as one line; undefined for keysentry's own faults, which must not be hidden. */
function awsReason(
  error: unknown,
  region: string | undefined,
  endpoint: string | undefined,
): string | undefined {
  if (error instanceof AwsUnreadableError) return error.message;
  return explainAwsFailure(error, { region, endpoint }, "AssumeRole");
}

/** Why a role could not be assumed, and what to check: a refusal is about the role, not the read-only policy. */
function roleReason(error: unknown, arn: string, request: OrganizationScanRequest): string | undefined {
  const explained = awsReason(error, undefined, request.endpoint);
  if (!explained || (error as Error).name !== "AccessDenied")
    return explained && `could not assume ${arn}: ${explained}`;
  const externalId = request.options.externalId ? " and the external id" : "";
  return `could not assume ${arn} (AccessDenied): check that the role exists there and trusts account ${request.caller.account}${externalId} (docs/organization.md)`;
}

function failureOf(error: unknown, operation: string, reason: string): ReadFailure {
  const cause = error instanceof AwsUnreadableError ? error.cause : error;
  return { operation, code: cause instanceof Error ? cause.name : "UnknownError", message: reason };
}

async function credentialsFor(
  account: MemberAccount,
  request: OrganizationScanRequest,
): Promise<AwsCredentialIdentityProvider | undefined> {
  // The caller's own account (the management account has no StackSet role) is read with its own credentials.
  if (account.id === request.caller.account) return undefined;
  const arn = roleArn(request.caller, account.id, request.options.roleName);
  return assumedRole(request.sts, arn, request.options.externalId);
}

async function scanMember(account: MemberAccount, request: OrganizationScanRequest): Promise<AccountResult> {
  const { selections, caller, endpoint } = request;
  const result: AccountResult = { account, findings: [], failures: [] };
  const unreadable = (region: string, failure: ReadFailure) =>
    result.findings.push(...unreadableFindings(selections, account, region, caller.partition, failure));
  let credentials: AwsCredentialIdentityProvider | undefined;
  try {
    credentials = await credentialsFor(account, request);
  } catch (error) {
    const reason = roleReason(error, roleArn(caller, account.id, request.options.roleName), request);
    if (!reason) throw error;
    result.failures.push({ reason });
    for (const region of request.regions) unreadable(region, failureOf(error, "AssumeRole", reason));
    return result;
  }
  for (const region of request.regions) {
    try {
      const report = await scanAccount({
        regions: [region],
        selections,
        exemptionTags: request.exemptionTags,
        endpoint,
        profile: request.profile,
        credentials,
        now: request.now,
        onProgress: (r, progress) => request.onProgress?.(account, r, progress),
        onSnapshot: request.onSnapshot,
      });
      result.findings.push(...report.findings);
      if (result.report) merge(result.report, report);
      else result.report = report;
    } catch (error) {
      const reason = awsReason(error, region, endpoint);
      if (!reason) throw error;
      result.failures.push({ region, reason });
      unreadable(region, failureOf(error, "the account's resources", reason));
    }
  }
  return result;
}

/**
 * Scans every account, `concurrency` at a time, each region of an account in turn as a
 * single-account scan does (quotas are per account and region, so accounts do not share them).
 * An account that cannot be entered or read ends as ERROR findings and the run goes on; each
 * result is handed on as soon as its account ends, and not kept.
 */
export async function scanOrganization(request: OrganizationScanRequest): Promise<void> {
  const run = pLimit(request.options.concurrency);
  await Promise.all(
    request.accounts.map((account) =>
      run(async () => {
        request.onAccountStart?.(account);
        request.onAccount(await scanMember(account, request));
      }),
    ),
  );
}
