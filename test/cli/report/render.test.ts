import { describe, expect, it } from "vitest";
import { type ReportInput, renderReport } from "../../../cli/report";
import { tallyFindings } from "../../../cli/report/summary";
import type { Finding } from "../../../shared/model";

const NOW = new Date("2026-06-01T12:00:00Z");

function finding(overrides: Partial<Finding> = {}): Finding {
  const id = overrides.resourceId ?? "1234abcd-12ab-34cd-56ef-1234567890ab";
  return {
    ruleId: "kms-rotation-enabled",
    resourceType: "AWS::KMS::Key",
    resourceId: id,
    resourceArn: `arn:aws:kms:eu-west-1:111122223333:key/${id}`,
    account: "111122223333",
    region: "eu-west-1",
    status: "NON_COMPLIANT",
    severity: "MEDIUM",
    annotation: `alias/orders (${id}): automatic rotation is off`,
    evidence: {},
    ...overrides,
  };
}

const RULES = [
  { id: "kms-rotation-enabled", title: "Automatic rotation is on" },
  { id: "kms-key-enabled", title: "Keys are enabled" },
];

const input = (findings: Finding[], facts: ReportInput["facts"] = []): ReportInput => ({
  findings,
  facts,
  rules: RULES,
  regions: ["eu-west-1"],
  generatedAt: NOW,
});

/** The page's embedded table data, as its script reads it. */
function tableOf(html: string) {
  const json = html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)?.[1];
  return JSON.parse(json!);
}

describe("tallyFindings", () => {
  it("counts open findings by severity, errors and exemptions apart, and scores each rule on what it judged", () => {
    const tally = tallyFindings(
      [
        finding(),
        finding({ status: "COMPLIANT" }),
        finding({ status: "COMPLIANT" }),
        finding({ status: "NOT_APPLICABLE" }),
        finding({ status: "ERROR" }),
        finding({
          exemption: { state: "exempt", tag: "keysentry:exempt", reason: "legacy", until: "2027-01-01" },
        }),
        finding({ ruleId: "kms-key-enabled", status: "NOT_APPLICABLE", severity: "HIGH" }),
      ],
      RULES,
    );
    expect(tally.bySeverity.find((s) => s.severity === "MEDIUM")?.count).toBe(1);
    expect(tally.bySeverity.map((s) => s.severity)).toEqual(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]);
    expect(tally).toMatchObject({ errors: 1, exempt: 1 });
    const [rotation, enabled] = tally.rules;
    expect(rotation).toMatchObject({ exempt: 1, score: 0.5 });
    expect(enabled!.score).toBeUndefined();
  });
});

describe("renderReport", () => {
  it("escapes what the account controls, in the page and in its data", () => {
    const hostile = `alias/</script><script>alert(1)</script>{{scripts}} (x)`;
    const html = renderReport(input([finding({ annotation: `${hostile}: <img src=x onerror=alert(2)>` })]));
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain("<img");
    expect(tableOf(html).resources[0][0]).toBe(hostile.split(": ")[0]);
    expect(tableOf(html).rows[0][4]).toBe("<img src=x onerror=alert(2)>");
  });

  it("refers to nothing outside the page", () => {
    const html = renderReport(
      input([finding()], [{ resourceType: "AWS::KMS::Key", arn: "a", customerManaged: true }]),
    );
    expect(html).not.toMatch(/\bsrc=|url\(|@import|<link/);
    expect(html).toContain("default-src 'none'");
  });

  it("lists exempt findings apart, with their expiry, and keeps them out of the table", () => {
    const exempt = finding({
      resourceId: "exempt-key",
      annotation: "alias/legacy (exempt-key): automatic rotation is off",
      exemption: { state: "exempt", tag: "keysentry:exempt", reason: "migrating", until: "2027-01-31" },
    });
    const html = renderReport(input([finding(), exempt]));
    const section = html.slice(html.indexOf('id="exempt"'));
    expect(section).toContain("alias/legacy (exempt-key)");
    expect(section).toContain("2027-01-31");
    expect(section).toContain("migrating");
    expect(tableOf(html).rows).toHaveLength(1);
  });

  it("orders exempt findings by the end of their exemption, open-ended ones last", () => {
    const exempt = (id: string, until?: string) =>
      finding({
        resourceId: id,
        annotation: `alias/${id} (${id}): automatic rotation is off`,
        exemption: { state: "exempt", tag: "keysentry:exempt", reason: "tagged", until },
      });
    const html = renderReport(
      input([exempt("late", "2027-06-30"), exempt("open"), exempt("soon", "2026-07-01")]),
    );
    const section = html.slice(html.indexOf('id="exempt"'));
    const order = ["alias/soon", "alias/late", "alias/open"].map((label) => section.indexOf(label));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(section).toContain("no expiry");
  });

  it("notes an exemption that does not hold beside the finding's reason", () => {
    const expired = finding({
      exemption: { state: "expired", tag: "keysentry:exempt", reason: "exemption expired on 2026-01-01" },
    });
    expect(tableOf(renderReport(input([expired]))).rows[0][4]).toBe(
      "automatic rotation is off [exemption expired on 2026-01-01]",
    );
  });

  it("places each certificate on the timeline by its days to expiry, coloured by its worst open finding", () => {
    const arn = "arn:aws:acm:eu-west-1:111122223333:certificate/c1";
    const certificate = finding({
      ruleId: "acm-certificate-expiry",
      resourceType: "AWS::ACM::Certificate",
      resourceId: arn,
      resourceArn: arn,
      severity: "HIGH",
      annotation: "shop.example.com (certificate c1): expires in 9 days",
    });
    const html = renderReport(
      input([certificate], [{ resourceType: "AWS::ACM::Certificate", arn, daysToExpiry: 9 }]),
    );
    expect(html).toMatch(
      /<circle class="dot sev-high"[^>]*><title>shop\.example\.com \(certificate c1\): expires in 9 days/,
    );
    expect(html).toContain("ACM certificates (1)");
  });

  it("says how many customer-managed keys a key chart covers", () => {
    const html = renderReport(
      input(
        [finding()],
        [
          { resourceType: "AWS::KMS::Key", arn: "a", customerManaged: true, rotationAgeDays: 20 },
          { resourceType: "AWS::KMS::Key", arn: "b", customerManaged: true, automaticRotation: "off" },
          { resourceType: "AWS::KMS::Key", arn: "c", customerManaged: true },
        ],
      ),
    );
    expect(html).toContain(
      "2 of 3 customer-managed keys; the selected rules did not need the rotation history",
    );
    expect(html).toContain("0 of 3 customer-managed keys; the selected rules did not need the last use");
  });
});
