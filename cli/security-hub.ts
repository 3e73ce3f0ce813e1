import type { AwsCredentialIdentity } from "@smithy/types";
import { SecurityHubSink, securityHubClient } from "../shared/channels/securityhub";
import type { Finding } from "../shared/model";
import { AwsUnreadableError } from "./aws-failure";
import type { Io } from "./io";

export interface SecurityHubTarget {
  profile?: string;
  credentials?: AwsCredentialIdentity;
  /** `--endpoint`: every call of the scan goes there, the import too. */
  endpoint?: string;
}

/**
 * `scan --security-hub`: imports the findings into each region's default product, with the same
 * records the channel writes. The CLI remembers nothing between runs, so each record is written
 * as of this scan (docs/outputs.md). Loaded only when asked for: a plain scan parses no
 * Security Hub client.
 */
export async function importToSecurityHub(
  findings: readonly Finding[],
  target: SecurityHubTarget,
  now: Date,
  io: Io,
): Promise<void> {
  const regions = [...new Set(findings.map((f) => f.region))];
  const refused: string[] = [];
  for (const region of regions) {
    const client = securityHubClient(region, {
      profile: target.profile,
      credentials: target.credentials,
      endpoint: target.endpoint,
    });
    try {
      const sink = new SecurityHubSink(client);
      await sink.record(
        findings.filter((f) => f.region === region),
        { refresh: false, now },
      );
      const { sent, failed } = await sink.flush();
      io.err(
        `Security Hub ${region}: ${sent} records imported${failed.length ? `, ${failed.length} refused` : ""}`,
      );
      if (failed.length > 0) refused.push(`${region}: ${failed[0]!.reason}`);
    } finally {
      client.destroy();
    }
  }
  if (refused.length > 0)
    throw new AwsUnreadableError(
      `Security Hub refused findings (${refused.join("; ")}); is Security Hub enabled in the region, and may these credentials call securityhub:BatchImportFindings?`,
    );
}
