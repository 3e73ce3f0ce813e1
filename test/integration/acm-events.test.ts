import { describe, expect, it } from "vitest";
import type { EventResult } from "../../shared/pipeline";
import { type Harness, published, sample, useHarness } from "../support/event-harness";

const start = useHarness();
let harness: Harness;

const trouble = (result: EventResult) =>
  result.findings
    .filter((f) => f.status === "NON_COMPLIANT" || f.status === "ERROR")
    .map((f) => `${f.ruleId} ${f.severity}`)
    .sort();

const cases = [
  {
    file: "acm/approaching-expiration.json",
    trouble: ["acm-certificate-expiry MEDIUM", "acm-certificate-renewal MEDIUM"],
  },
  { file: "acm/expired.json", trouble: ["acm-certificate-expiry HIGH"] },
  { file: "acm/available.json", trouble: [] },
  {
    file: "acm/renewal-action-required.json",
    trouble: ["acm-certificate-expiry CRITICAL", "acm-certificate-renewal HIGH"],
  },
  { file: "acm/revoked.json", trouble: ["acm-imported-certificate-expiry MEDIUM"] },
  {
    file: "acm/health-renewal-state-change.json",
    trouble: ["acm-certificate-expiry MEDIUM", "acm-certificate-renewal MEDIUM"],
  },
  {
    file: "acm/health-caa-check-failure.json",
    trouble: ["acm-certificate-expiry CRITICAL", "acm-certificate-renewal HIGH"],
  },
];

describe("acm-events handler, every sample", () => {
  it.each(cases)("$file", async ({ file, trouble: expected }) => {
    harness = await start();
    const result = await harness.acm(sample(file));
    expect(trouble(result)).toEqual(expected);
    expect(result.ignored).toEqual([]);
    expect(result.actions.map((a) => `${a.action}:${a.target}:${a.status}`)).toEqual(
      expected.map(() => "alert:sns:sent"),
    );
    // SearchCertificates finds the certificate as a listing would; DescribeCertificate is read only
    // for a rule that needs the details, and tags only to check an exemption.
    const {
      SearchCertificates,
      DescribeCertificate = 0,
      ListTagsForCertificate = 0,
      ...others
    } = harness.aws.countCalls();
    expect(SearchCertificates).toBe(1);
    expect(DescribeCertificate).toBeLessThanOrEqual(1);
    expect(ListTagsForCertificate).toBe(expected.length > 0 ? 1 : 0);
    expect(others).toEqual({});
  });

  it("carries ACM's own DaysToExpiry into the snapshot's event facts and the alert", async () => {
    harness = await start();
    await harness.acm(sample("acm/approaching-expiration.json"));
    expect(published()[0]?.body.cause).toMatchObject({
      name: "ACM Certificate Approaching Expiration",
      facts: { daysToExpiry: 20 },
    });
  });

  it("ignores events it does not watch, and events for KMS", async () => {
    harness = await start();
    const kms = sample("kms/kms-cmk-rotation.json");
    expect((await harness.acm(kms)).ignored).toEqual([
      { reason: "source aws.kms is not aws.acm, aws.acm-pca or aws.health" },
    ]);
    const other = { ...sample("acm/available.json"), "detail-type": "ACM Certificate Rotated" };
    expect((await harness.acm(other)).ignored[0]?.reason).toMatch(/not an ACM event keysentry watches/);
  });
});
