import type { MetadataBearer, MiddlewareStack } from "@smithy/types";

/**
 * Default request quotas in requests per second, per account and region, as the issue-time
 * figures of the KMS Developer Guide ("Request quotas",
 * https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html) and the ACM
 * User Guide ("Quotas", https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html).
 * All are adjustable; an account with raised quotas can say so in settings.
 */
export const PUBLISHED_QUOTAS: Readonly<Record<string, number>> = {
  ListKeys: 500,
  DescribeKey: 2000,
  GetKeyPolicy: 1000,
  GetKeyRotationStatus: 1000,
  ListGrants: 100, // "ListGrants request rate"
  ListResourceTags: 2000,
  ListCertificates: 8,
  SearchCertificates: 5,
  DescribeCertificate: 10,
};

/**
 * Spaces each operation's calls at a fixed rate, per attempt (retries included), so a sweep
 * uses its share of the quota and leaves the rest to the account's other users.
 */
export class OperationRateLimiter {
  private readonly next = new Map<string, number>();

  constructor(private readonly rates: Readonly<Record<string, number>>) {}

  /** Rates for a share (0..1] of each quota. */
  static share(quotas: Readonly<Record<string, number>>, share: number): OperationRateLimiter {
    return new OperationRateLimiter(
      Object.fromEntries(Object.entries(quotas).map(([op, rate]) => [op, rate * share])),
    );
  }

  async wait(operation: string): Promise<void> {
    const rate = this.rates[operation];
    if (!rate) return;
    const now = performance.now();
    const slot = Math.max(now, this.next.get(operation) ?? now);
    this.next.set(operation, slot + 1000 / rate);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  attach<C extends { middlewareStack: MiddlewareStack<object, MetadataBearer> }>(client: C): C {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        await this.wait(String(context.commandName ?? "").replace(/Command$/, ""));
        return next(args);
      },
      // Inside the retry middleware, so every attempt waits its turn.
      { step: "finalizeRequest", priority: "low", name: "keysentryRateLimit" },
    );
    return client;
  }
}
