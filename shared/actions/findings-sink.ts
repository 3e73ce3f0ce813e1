import type { Finding } from "../model";

/** What a findings sink could not deliver, by finding. */
export interface FindingsDelivery {
  sent: number;
  failed: { finding: Finding; reason: string }[];
}

/**
 * A channel that holds every evaluated finding's current state (Security Hub), rather than
 * telling transitions: it is given all findings of each evaluation, decides itself what changed,
 * and sends in batches.
 */
export interface FindingsSink {
  name: string;
  /**
   * Takes one evaluation's findings. `refresh` (the sweep, Config's periodic runs) resends every
   * open one, so none ages out; otherwise only what changed is sent.
   */
  record(findings: readonly Finding[], options: { refresh: boolean; now: Date }): Promise<void>;
  /** Sends what is still buffered. Never throws: what could not be delivered is in the answer. */
  flush(): Promise<FindingsDelivery>;
}

interface SinkOptions {
  sinks?: readonly FindingsSink[];
  onFailure?(what: string, error: unknown, finding: Finding): void;
}

/** Gives every sink the findings; a failure is reported, never thrown (the alerts still go out). */
export async function feedSinks(
  findings: readonly Finding[],
  refresh: boolean,
  now: Date,
  options: SinkOptions,
): Promise<void> {
  if (findings.length === 0) return;
  for (const sink of options.sinks ?? []) {
    try {
      await sink.record(findings, { refresh, now });
    } catch (error) {
      options.onFailure?.(`findings ${sink.name}`, error, findings[0]!);
    }
  }
}

/** Flushes every sink at the end of an invocation; each distinct failure is reported once. */
export async function flushSinks(options: SinkOptions): Promise<void> {
  for (const sink of options.sinks ?? []) {
    const { failed } = await sink.flush();
    const byReason = new Map(failed.map(({ finding, reason }) => [reason, finding]));
    for (const [reason, finding] of byReason) {
      const count = failed.filter((f) => f.reason === reason).length;
      options.onFailure?.(
        `findings ${sink.name}`,
        new Error(`${count} findings not delivered: ${reason}`),
        finding,
      );
    }
  }
}
