/**
 * AWS Config's periodic invocations: for each rule with a schedule, one ScheduledNotification
 * through the config-rule handler (evaluations collected, not sent) against the local endpoint
 * with a synthetic account at the published quotas. Prints each invocation's wall time and
 * calls: the duration behind the cost estimate's Config row.
 */
import { writeFile } from "node:fs/promises";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { createReplayer } from "../cli/replay";
import { startLocalAws } from "../local-aws";
import { RULES } from "../shared/rules";
import { parseSettings } from "../shared/settings";
import { SYNTHETIC_NOW, syntheticAccount } from "../test/support/synthetic-account";

export async function configRulesBenchmark(keys: number, certificates: number) {
  const seed = syntheticAccount(keys, certificates);
  const aws = await startLocalAws({ seed, quotas: true, clock: () => SYNTHETIC_NOW });
  const replay = createReplayer({
    settings: parseSettings({}),
    account: seed.account,
    region: seed.region,
    endpoint: aws.url,
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
    now: SYNTHETIC_NOW,
  });
  const rows = [];
  try {
    for (const rule of RULES.filter((r) => r.evaluatedOn.includes("schedule"))) {
      const invokingEvent = {
        awsAccountId: seed.account,
        notificationCreationTime: SYNTHETIC_NOW.toISOString(),
        messageType: "ScheduledNotification",
      };
      const before = aws.calls.length;
      const started = performance.now();
      const { evaluations = [] } = await replay({
        invokingEvent: JSON.stringify(invokingEvent),
        ruleParameters: "{}",
        resultToken: "bench",
        configRuleName: `keysentry-${rule.id}`,
        accountId: seed.account,
      });
      rows.push({
        rule: rule.id,
        seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
        calls: aws.calls.length - before,
        evaluations: evaluations.length,
      });
    }
  } finally {
    await aws.close();
  }
  return { keys, certificates, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  const figures = await configRulesBenchmark(
    Number(process.env.BENCH_KEYS ?? 1_000),
    Number(process.env.BENCH_CERTIFICATES ?? 200),
  );
  console.log(`periodic Config rules on ${figures.keys} keys and ${figures.certificates} certificates:`);
  console.table(figures.rows);
  await writeFile(
    new URL("./results/config-rules.json", import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
}
