/**
 * The local endpoint serving an emulated organization, in a process of its own so that the
 * scanning process's memory is the scan's alone. `{ accounts, keys, certificates, regions }`
 * starts it and answers `{ url }`; `"calls"` answers the calls made, per service and operation.
 */
import { type LocalAws, rebaseSeed, type SeedOrganization, startLocalAws } from "../local-aws";
import { syntheticAccount } from "../test/support/synthetic-account";

interface Shape {
  accounts: number;
  keys: number;
  certificates: number;
  regions: string[];
  roleName: string;
}

const MANAGEMENT = "100000000000";
let aws: LocalAws | undefined;

function organization(shape: Shape, now: Date): SeedOrganization {
  const holding = (account: string, region: string) =>
    rebaseSeed({ ...syntheticAccount(shape.keys, shape.certificates), account, region }, now);
  const members = Array.from({ length: shape.accounts - 1 }, (_, i) => String(200000000000 + i));
  return {
    Id: "o-bench00000",
    RootId: "r-bench",
    ManagementAccountId: MANAGEMENT,
    Accounts: [
      { Id: MANAGEMENT, Name: "Management" },
      ...members.map((id) => ({
        Id: id,
        Name: `Member ${id}`,
        roles: [{ RoleName: shape.roleName, TrustedAccount: MANAGEMENT }],
        regions: shape.regions.map((region) => holding(id, region)),
      })),
    ],
  };
}

process.on("message", async (message: Shape | "calls") => {
  if (message === "calls") {
    const calls: Record<string, number> = {};
    let throttled = 0;
    for (const call of aws?.calls ?? []) {
      const key = `${call.service}:${call.operation}`;
      calls[key] = (calls[key] ?? 0) + 1;
      if (call.errorCode === "ThrottlingException") throttled++;
    }
    process.send?.({ calls, throttled });
    return;
  }
  const now = new Date();
  const seed = rebaseSeed(
    { ...syntheticAccount(message.keys, message.certificates), account: MANAGEMENT },
    now,
  );
  aws = await startLocalAws({ seed, organization: organization(message, now), quotas: true });
  process.send?.({ url: aws.url });
});
process.on("disconnect", () => void aws?.close().finally(() => process.exit(0)));
