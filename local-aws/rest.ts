/**
 * The two REST-JSON reads `keysentry preflight` makes: Lambda GetAccountSettings
 * (GET /2016-08-19/account-settings) and Security Hub DescribeHub (GET /accounts). Lambda's quota
 * and Security Hub's subscription are the account's, in the region the request is signed for.
 */
import { AwsError } from "./errors";
import type { SeedAccountSetup } from "./seed";

/** Lambda's default concurrency quota per region (Lambda Developer Guide, "Lambda quotas"). */
const DEFAULT_CONCURRENCY = 1000;

export interface RestRoute {
  service: "lambda" | "securityhub";
  operation: string;
  answer(query: URLSearchParams): unknown;
}

export class AccountSettingsState {
  constructor(
    private readonly account: string,
    private readonly region: string,
    private readonly setup: SeedAccountSetup,
    private readonly subscribedAt: Date,
  ) {}

  /** The operation a method and path name, or undefined for one the endpoint does not serve. */
  route(method: string, path: string): RestRoute | undefined {
    if (method === "GET" && path === "/2016-08-19/account-settings")
      return { service: "lambda", operation: "GetAccountSettings", answer: () => this.accountSettings() };
    if (method === "GET" && path === "/accounts")
      return { service: "securityhub", operation: "DescribeHub", answer: (query) => this.hub(query) };
    return undefined;
  }

  private accountSettings() {
    const limit = this.setup.lambda ?? {
      ConcurrentExecutions: DEFAULT_CONCURRENCY,
      UnreservedConcurrentExecutions: DEFAULT_CONCURRENCY,
    };
    return {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ...limit,
      },
      AccountUsage: { TotalCodeSize: 0, FunctionCount: 0 },
    };
  }

  private hub(query: URLSearchParams) {
    const arn = `arn:aws:securityhub:${this.region}:${this.account}:hub/default`;
    const asked = query.get("HubArn");
    // Security Hub refuses every call of an account that has not enabled it (API reference, DescribeHub).
    if (this.setup.securityHub === false || (asked !== null && asked !== arn))
      throw new AwsError(
        "InvalidAccessException",
        `Account ${this.account} is not subscribed to AWS Security Hub`,
        401,
      );
    return {
      HubArn: arn,
      SubscribedAt: this.subscribedAt.toISOString(),
      AutoEnableControls: true,
      ControlFindingGenerator: "SECURITY_CONTROL",
    };
  }
}
