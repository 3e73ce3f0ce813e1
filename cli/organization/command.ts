import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import { config, retryEveryServerError } from "../../shared/aws/clients";
import type { Severity } from "../../shared/model";
import type { RuleSelection, Settings } from "../../shared/settings";
import { AwsUnreadableError, explainAwsFailure } from "../aws-failure";
import { EXIT } from "../exit-codes";
import { type Format, failing } from "../format";
import type { Io } from "../io";
import type { MachineFormat } from "../machine-formats";
import type { htmlReport } from "../report";
import { UsageError } from "../usage-error";
import { listOrganizationAccounts, selectAccounts } from "./accounts";
import { type OrganizationFlags, organizationOptions } from "./options";
import { findingsWriter } from "./output";
import { organizationProgress } from "./progress";
import { scanOrganization } from "./scan";
import { callerIdentity } from "./sessions";
import { OrganizationSummary } from "./summary";

/** What `scan` has parsed and checked before it knows the scan covers an organization. */
export interface OrganizationScanInput {
  flags: OrganizationFlags & { profile?: string; all: boolean; quiet: boolean; "security-hub"?: boolean };
  format: Format | MachineFormat | "html";
  failOn?: Severity;
  regions: string[];
  endpoint?: string;
  settings: Settings;
  selections: RuleSelection[];
  now: Date;
  /** `--format html`: the report, which charts the snapshots as they are evaluated. */
  html?: ReturnType<typeof htmlReport>;
}

/** Client configuration shared by STS and Organizations: the first region, the caller's endpoint and profile. */
function clientConfig(input: OrganizationScanInput) {
  return config({ region: input.regions[0]!, endpoint: input.endpoint, profile: input.flags.profile });
}

/**
 * `keysentry scan --organization`: the organization's accounts (or those given), each entered
 * through the audit role and scanned like one account; output and summary stream as accounts end.
 */
export async function organizationScanCommand(input: OrganizationScanInput, io: Io): Promise<number> {
  const options = organizationOptions(input.flags);
  if (input.flags["security-hub"])
    throw new UsageError(
      "--security-hub imports one account's findings into its own Security Hub: not with --organization",
    );
  const sts = new STSClient(clientConfig(input));
  const organizations = new OrganizationsClient(clientConfig(input));
  retryEveryServerError(sts);
  retryEveryServerError(organizations);
  try {
    const target = { region: input.regions[0], endpoint: input.endpoint };
    const explained = (error: unknown, operation: string) => {
      const line = explainAwsFailure(error, target, operation);
      return line ? new AwsUnreadableError(line, { cause: error }) : error;
    };
    const caller = await callerIdentity(sts).catch((error) => {
      throw explained(error, "GetCallerIdentity");
    });
    const listed = options.accounts
      ? []
      : await listOrganizationAccounts(organizations, options.units).catch((error) => {
          throw explained(error, options.units.length ? "ListAccountsForParent" : "ListAccounts");
        });
    const { scan, skipped } = selectAccounts(listed, options);
    if (scan.length === 0)
      throw new UsageError(`no account to scan: ${listed.length} listed, ${skipped.length} skipped`);

    const summary = new OrganizationSummary(input.selections.length, skipped);
    const writer = findingsWriter(input.format, io, {
      all: input.flags.all,
      now: input.now,
      html: input.html
        ? (findings) =>
            input.html!.render({
              findings,
              regions: input.regions,
              rules: input.selections.map((s) => s.rule),
            })
        : undefined,
    });
    const progress = organizationProgress(io, input.flags.quiet, scan.length);
    let failed = false;
    try {
      await scanOrganization({
        accounts: scan,
        caller,
        sts,
        options,
        regions: input.regions,
        selections: input.selections,
        exemptionTags: input.settings.exemptionTags,
        endpoint: input.endpoint,
        profile: input.flags.profile,
        now: input.now,
        onAccountStart: progress?.started,
        onProgress: progress?.evaluated,
        onSnapshot: input.html?.onSnapshot,
        onAccount(result) {
          progress?.ended(result.account);
          summary.add(result);
          if (input.failOn && failing(result.findings, input.failOn).length > 0) failed = true;
          writer.account(result);
        },
      });
    } finally {
      progress?.stop();
    }
    writer.end();
    if (input.format === "table") io.out(`\n${summary.text()}`);
    else if (!input.flags.quiet) io.err(summary.text());
    if (!summary.anyRead)
      throw new AwsUnreadableError(
        "no account of the organization could be read: see each account's reason above",
      );
    return failed ? EXIT.FINDINGS : EXIT.DONE;
  } finally {
    sts.destroy();
    organizations.destroy();
  }
}
