/** ACM API calls from CloudTrail through the acm-events handler, against the sample account. */
import { describe, expect, it } from "vitest";
import type { EventResult } from "../../shared/pipeline";
import { type Harness, published, REMEDIATION_ROLE_ARN, sample, useHarness } from "../support/event-harness";

const start = useHarness();
let harness: Harness;

const certificate = (id: string) => `arn:aws:acm:eu-west-1:111122223333:certificate/${id}`;
const PROMO = certificate("7d6fd052-9eb1-4c23-df40-5b6c7d8e9f05");
const STAGING = certificate("6c5ecf41-8da0-4b12-ce3f-4a5b6c7d8e04");
const API = certificate("4a3cad2f-6b8e-4f90-ac1d-2e3f4a5b6c02");

const trouble = (result: EventResult) =>
  result.findings
    .filter((f) => f.status === "NON_COMPLIANT" || f.status === "ERROR")
    .map((f) => `${f.ruleId} ${f.severity}`)
    .sort();
const actions = (result: EventResult) => result.actions.map((a) => `${a.action}:${a.target}:${a.status}`);

/** The sample with its call aimed at another certificate, where the call names it. */
function aimedAt(file: string, arn: string) {
  const event = sample(`acm/${file}`);
  const detail = event.detail as {
    requestParameters?: { certificateArn?: string };
    responseElements?: { certificateArn?: string } | null;
  };
  if (detail.requestParameters?.certificateArn) detail.requestParameters.certificateArn = arn;
  if (detail.responseElements?.certificateArn) detail.responseElements.certificateArn = arn;
  return event;
}

const cases = [
  { file: "request-certificate.json", trouble: [] },
  { file: "import-certificate.json", trouble: [] },
  { file: "delete-certificate.json", trouble: [] },
  // downloads.example.com: its private key may be exported, and the call says it just was.
  { file: "export-certificate.json", trouble: ["acm-certificate-export HIGH"] },
  {
    file: "update-certificate-options.json",
    trouble: ["acm-certificate-expiry MEDIUM", "acm-certificate-renewal MEDIUM"],
  },
  { file: "renew-certificate.json", trouble: [] },
  { file: "revoke-certificate.json", trouble: [] },
  // The call says a tag was added; the account has none, and the fresh read decides.
  { file: "add-tags-to-certificate.json", trouble: ["acm-certificate-expiry MEDIUM"] },
  { file: "remove-tags-from-certificate.json", trouble: ["acm-certificate-expiry MEDIUM"] },
];

describe("acm-events handler, ACM API calls", () => {
  it.each(cases)("$file", async ({ file, trouble: expected }) => {
    harness = await start();
    const result = await harness.acm(sample(`acm/${file}`));
    expect(trouble(result)).toEqual(expected);
    expect(result.ignored).toEqual([]);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(actions(result)).toEqual(expected.map(() => "alert:sns:sent"));
  });

  it("put-account-configuration.json: ignored with the reason, nothing read", async () => {
    harness = await start();
    const result = await harness.acm(sample("acm/put-account-configuration.json"));
    expect(result).toEqual({
      findings: [],
      actions: [],
      ignored: [{ reason: expect.stringMatching(/start 30 days before expiry \(PutAccountConfiguration\)/) }],
    });
    expect(harness.aws.countCalls()).toEqual({});
  });

  it("DeleteCertificate: the certificate is gone, and what was told about it resolves", async () => {
    harness = await start();
    expect(trouble(await harness.acm(sample("acm/expired.json")))).toEqual(["acm-certificate-expiry HIGH"]);
    harness.aws.acm.purge(PROMO);
    const result = await harness.acm(aimedAt("delete-certificate.json", PROMO));
    expect(result.findings.every((f) => f.status === "NOT_APPLICABLE" && f.resourceArn === PROMO)).toBe(true);
    expect(actions(result)).toEqual(["alert:sns:sent"]);
    expect(published().at(-1)).toMatchObject({
      subject: expect.stringMatching(/^\[keysentry RESOLVED\] resolved: acm-certificate-expiry/),
      body: {
        transition: "resolved",
        cause: { name: "DeleteCertificate", actor: "role Admin assumed by bob@example.com" },
      },
    });
  });

  it("tag calls: an exemption added takes effect at once, and one removed brings the alert back", async () => {
    harness = await start();
    const first = await harness.acm(sample("acm/remove-tags-from-certificate.json"));
    expect(actions(first)).toEqual(["alert:sns:sent"]);

    harness.aws.acm.AddTagsToCertificate({
      CertificateArn: STAGING,
      Tags: [{ Key: "keysentry:exempt", Value: "acm-certificate-expiry" }],
    });
    const exempted = await harness.acm(sample("acm/add-tags-to-certificate.json"));
    expect(actions(exempted)).toEqual(["exemption:keysentry:exempt:skipped", "alert:sns:sent"]);
    expect(published().at(-1)?.body).toMatchObject({
      transition: "resolved",
      cause: { name: "AddTagsToCertificate", actor: "IAM user alice" },
    });

    harness.aws.acm.RemoveTagsFromCertificate({
      CertificateArn: STAGING,
      Tags: [{ Key: "keysentry:exempt" }],
    });
    const back = await harness.acm(sample("acm/remove-tags-from-certificate.json"));
    expect(trouble(back)).toEqual(["acm-certificate-expiry MEDIUM"]);
    expect(actions(back)).toEqual(["alert:sns:sent"]);
    expect(published().at(-1)?.body).toMatchObject({
      transition: "new",
      cause: { name: "RemoveTagsFromCertificate" },
    });
  });

  it("ExportCertificate and RenewCertificate: the alert names who acted and carries what the call did", async () => {
    harness = await start();
    await harness.acm(aimedAt("export-certificate.json", API));
    expect(published().at(-1)?.body.cause).toMatchObject({
      name: "ExportCertificate",
      actor: "role PlatformEngineer assumed by carol@example.com",
      facts: { certificateExported: true },
    });
    harness = await start();
    await harness.acm(aimedAt("renew-certificate.json", API));
    expect(published().at(-1)?.body.cause).toMatchObject({
      name: "RenewCertificate",
      actor: "IAM user alice",
      facts: { certificateRenewed: true },
    });
  });

  it("ignores calls made by keysentry's own remediation role (loop guard)", async () => {
    harness = await start();
    const event = sample("acm/update-certificate-options.json");
    const identity = (
      event.detail as { userIdentity: { sessionContext: { sessionIssuer: { arn: string } } } }
    ).userIdentity;
    identity.sessionContext.sessionIssuer.arn = REMEDIATION_ROLE_ARN;
    const result = await harness.acm(event);
    expect(result).toEqual({
      findings: [],
      actions: [],
      ignored: [{ reason: "UpdateCertificateOptions was made by keysentry's own remediation role" }],
    });
    expect(harness.aws.countCalls()).toEqual({});
  });
});
