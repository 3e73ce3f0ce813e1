import { rebaseSeed, type SeedAccount, type SeedOrganization } from "../../local-aws";
import { sampleAccount } from "./sample-account";
import { syntheticAccount } from "./synthetic-account";

/** The accounts of the sample organization, managed from the sample account. */
export const MEMBERS = {
  /** Keys and certificates in eu-west-1 and us-east-1. */
  production: "210000000001",
  /** Its role trusts another account: AssumeRole is denied. */
  sandbox: "210000000002",
  /** Listed as SUSPENDED: never scanned. */
  closed: "210000000003",
  /** In an OU nested under Workloads. */
  shared: "210000000004",
} as const;

export const AUDIT_ROLE = "keysentry-audit";
export const WORKLOADS_OU = "ou-r00t-workload1";
export const SHARED_OU = "ou-r00t-sharedsvc";

/** A member's state in one region: a slice of the synthetic account, in that account, on `now`. */
function holding(
  account: string,
  region: string,
  keys: number,
  certificates: number,
  now: Date,
): SeedAccount {
  const synthetic = syntheticAccount(keys, certificates);
  return rebaseSeed({ ...synthetic, account, region }, now);
}

/**
 * The sample account as the management account of an organization of five: two members to scan
 * (one with keys in two regions), one whose role cannot be assumed, one suspended.
 */
export function sampleOrganization(now: Date): { seed: SeedAccount; organization: SeedOrganization } {
  const seed = sampleAccount(now);
  const role = (trusted = seed.account) => [{ RoleName: AUDIT_ROLE, TrustedAccount: trusted }];
  const regions = (account: string, ...shape: [string, number, number][]) =>
    shape.map(([region, keys, certificates]) => holding(account, region, keys, certificates, now));
  return {
    seed,
    organization: {
      Id: "o-a1b2c3d4e5",
      RootId: "r-r00t",
      ManagementAccountId: seed.account,
      OrganizationalUnits: [
        { Id: WORKLOADS_OU, Name: "Workloads", ParentId: "r-r00t" },
        { Id: SHARED_OU, Name: "Shared services", ParentId: WORKLOADS_OU },
      ],
      Accounts: [
        { Id: seed.account, Name: "Management" },
        {
          Id: MEMBERS.production,
          Name: "Production",
          ParentId: WORKLOADS_OU,
          roles: role(),
          regions: regions(MEMBERS.production, ["eu-west-1", 12, 6], ["us-east-1", 5, 2]),
        },
        {
          Id: MEMBERS.sandbox,
          Name: "Sandbox",
          roles: role("999999999999"),
          regions: regions(MEMBERS.sandbox, ["eu-west-1", 3, 1]),
        },
        { Id: MEMBERS.closed, Name: "Closed", State: "SUSPENDED", roles: role() },
        {
          Id: MEMBERS.shared,
          Name: "Shared",
          ParentId: SHARED_OU,
          roles: role(),
          regions: regions(MEMBERS.shared, ["eu-west-1", 4, 3]),
        },
      ],
    },
  };
}
