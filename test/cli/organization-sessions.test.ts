import { STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assumedRole } from "../../cli/organization/sessions";
import { type LocalAws, startLocalAws } from "../../local-aws";
import { TEST_CREDENTIALS } from "../support/sample-account";
import { AUDIT_ROLE, MEMBERS, sampleOrganization } from "../support/sample-organization";

const now = new Date();
let aws: LocalAws;
let sts: STSClient;

beforeAll(async () => {
  aws = await startLocalAws({ ...sampleOrganization(now), clock: () => now });
  sts = new STSClient({ region: "eu-west-1", endpoint: aws.url, credentials: TEST_CREDENTIALS });
});
afterAll(() => aws.close());

describe("an assumed role's credentials", () => {
  it("are kept for the hour, then renewed once before they expire, however many clients ask", async () => {
    let clock = now.getTime();
    const arn = `arn:aws:iam::${MEMBERS.production}:role/${AUDIT_ROLE}`;
    const provider = await assumedRole(sts, arn, undefined, () => clock);
    const first = await provider();
    expect(await provider()).toBe(first);
    clock += 56 * 60_000;
    const renewed = await Promise.all([provider(), provider(), provider()]);
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]!.accessKeyId).not.toBe(first.accessKeyId);
    expect(aws.calls.filter((c) => c.operation === "AssumeRole")).toHaveLength(2);
  });
});
