import { readFileSync } from "node:fs";
import { rebaseSeed, type SeedAccount } from "./local-aws";

/** The sample account of the demo, shifted so that its capture moment is `now`. */
export function sampleAccount(now: Date): SeedAccount {
  const seed = JSON.parse(
    readFileSync(new URL("../../events/sample-account.json", import.meta.url), "utf8"),
  ) as SeedAccount;
  return rebaseSeed(seed, now);
}

export const TEST_CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };
