import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { type FindingsDelivery, type FindingsSink, findingKey } from "../actions";
import { timeouts } from "../aws/clients";
import type { Finding } from "../model";
import type { ChannelConfig } from "../settings";
import type { ChannelContext } from "./context";
import { importRecords } from "./security-hub-import";
import { type FindingLedger, type PlannedImport, planImport } from "./security-hub-lifecycle";

/** Past this many buffered records, the sweep's refresh sends without waiting for the flush (a full call's worth). */
const SEND_AT = 100;

interface Pending extends PlannedImport {
  finding: Finding;
  key: string;
}

/**
 * The Security Hub channel: every finding's record in the account's default product, kept
 * current. With a ledger (Lambda: the state table) it sends only changes and the sweep's
 * refresh, with the right CreatedAt and FirstObservedAt; without one (`scan --security-hub`)
 * it writes each finding as of now.
 */
export class SecurityHubSink implements FindingsSink {
  readonly name = "securityhub";
  private pending: Pending[] = [];
  private readonly delivery: FindingsDelivery = { sent: 0, failed: [] };

  constructor(
    private readonly client: SecurityHubClient,
    private readonly ledger?: FindingLedger,
  ) {}

  async record(
    findings: readonly Finding[],
    { refresh, now }: { refresh: boolean; now: Date },
  ): Promise<void> {
    for (const finding of findings) {
      const key = findingKey(finding);
      const previous = this.ledger ? await this.ledger.get(key) : "unknown";
      const plan = planImport(finding, previous, now, refresh);
      if (plan.records.length > 0) this.pending.push({ ...plan, finding, key });
    }
    // An event or a Config evaluation sends at once; the sweep fills whole calls and flushes at its end.
    if (!refresh || this.pending.reduce((n, p) => n + p.records.length, 0) >= SEND_AT)
      await this.deliver(now);
  }

  async flush(): Promise<FindingsDelivery> {
    await this.deliver(new Date());
    const delivered = { ...this.delivery, failed: [...this.delivery.failed] };
    this.delivery.sent = 0;
    this.delivery.failed = [];
    return delivered;
  }

  /** A finding is remembered only once all its records are in, so a failed one is tried again next time. */
  private async deliver(now: Date): Promise<void> {
    const sending = this.pending;
    this.pending = [];
    if (sending.length === 0) return;
    const failed = await importRecords(
      this.client,
      sending.flatMap((p) => p.records),
    );
    for (const plan of sending) {
      const refused = plan.records.map((r) => failed.get(r.Id!)).find((reason) => reason !== undefined);
      if (refused) {
        this.delivery.failed.push({ finding: plan.finding, reason: refused });
        continue;
      }
      this.delivery.sent += plan.records.length;
      try {
        if (plan.next) await this.ledger?.put(plan.key, plan.next, now);
      } catch (error) {
        this.delivery.failed.push({
          finding: plan.finding,
          reason: `not remembered: ${(error as Error).message}`,
        });
      }
    }
  }
}

/** The client retries throttling in adaptive mode: it slows to the rate Security Hub allows (10 TPS, burst 30). */
export function securityHubClient(
  region: string,
  extra: ConstructorParameters<typeof SecurityHubClient>[0] = {},
) {
  return new SecurityHubClient({ region, requestHandler: timeouts(), retryMode: "adaptive", ...extra });
}

export function create(_config: ChannelConfig<"securityhub">, context: ChannelContext): SecurityHubSink {
  return new SecurityHubSink(securityHubClient(context.region), context.findingLedger);
}
