/** Exportable certificates in real time: an ExportCertificate call, and the renewal of an exported certificate. */
import { describe, expect, it } from "vitest";
import { published, sample, useHarness } from "../support/event-harness";

const start = useHarness();

const certificate = (id: string) => `arn:aws:acm:eu-west-1:111122223333:certificate/${id}`;
/** downloads.example.com: export enabled at request, never exported. */
const DOWNLOADS = certificate("a1e50d01-7b2c-4d3e-9f40-5a6b7c8d9e21");
/** vpn.example.com: exported. */
const VPN = certificate("b2f61e12-8c3d-4e4f-a051-6b7c8d9e0f22");

/** The CloudTrail record of an ExportCertificate call, by role PlatformEngineer for carol@example.com. */
function exportCall(arn: string) {
  const event = sample("acm/export-certificate.json");
  (event.detail as { requestParameters: { certificateArn: string } }).requestParameters.certificateArn = arn;
  return event;
}

/** ACM's event for a certificate it renewed. */
function renewed(arn: string) {
  return { ...sample("acm/available.json"), id: `renewed-${arn}`, resources: [arn] };
}

const exportFindings = <F extends { ruleId: string }>(findings: F[]) =>
  findings.filter((f) => f.ruleId === "acm-certificate-export");

describe("acm-certificate-export in real time", () => {
  it("alerts on an ExportCertificate call at once, naming who exported which certificate; the next sweep stays quiet", async () => {
    const harness = await start();
    harness.aws.acm.ExportCertificate({
      CertificateArn: DOWNLOADS,
      Passphrase: Buffer.from("correct horse").toString("base64"),
    });
    const result = await harness.acm(exportCall(DOWNLOADS));
    expect(exportFindings(result.findings)).toEqual([
      expect.objectContaining({
        status: "NON_COMPLIANT",
        severity: "HIGH",
        annotation: expect.stringMatching(/^downloads\.example\.com .*just exported \(ExportCertificate\)/),
        evidence: { exportOption: "ENABLED", exported: true, notAfter: expect.any(String) },
      }),
    ]);
    const alert = published().find((m) => m.body.finding?.ruleId === "acm-certificate-export");
    expect(alert?.subject).toMatch(/^\[keysentry HIGH\] acm-certificate-export on downloads\.example\.com/);
    expect(alert?.body).toMatchObject({
      transition: "new",
      finding: { resourceArn: DOWNLOADS },
      cause: {
        name: "ExportCertificate",
        actor: "role PlatformEngineer assumed by carol@example.com",
        facts: { certificateExported: true },
      },
    });

    const before = published().length;
    const { findings } = await harness.sweep();
    expect(exportFindings(findings).find((f) => f.resourceArn === DOWNLOADS)?.severity).toBe("HIGH");
    const again = published()
      .slice(before)
      .filter(
        (m) =>
          m.body.finding?.ruleId === "acm-certificate-export" && m.body.finding?.resourceArn === DOWNLOADS,
      );
    expect(again).toEqual([]);
  });

  it("takes the call's word before the listing shows the export", async () => {
    const harness = await start();
    const result = await harness.acm(exportCall(DOWNLOADS));
    expect(exportFindings(result.findings)[0]).toMatchObject({
      severity: "HIGH",
      evidence: { exported: true },
    });
  });

  it("tells the renewal of an exported certificate: the exported copies must be redeployed", async () => {
    const harness = await start();
    await harness.sweep();
    expect(published().some((m) => m.body.finding?.resourceArn === VPN)).toBe(true);
    const before = published().length;

    harness.aws.acm.renew(VPN, "2027-03-20T00:00:00Z", "2027-10-05T12:00:00Z");
    const result = await harness.acm(renewed(VPN));
    expect(exportFindings(result.findings)[0]).toMatchObject({
      severity: "HIGH",
      annotation: expect.stringMatching(/renewed: the exported copies .* export it again and redeploy them/),
      eventEvidence: { redeployExportedCopies: true },
    });
    const told = published().slice(before);
    expect(told.map((m) => [m.body.transition, m.body.finding?.ruleId])).toContainEqual([
      "changed",
      "acm-certificate-export",
    ]);
  });
});
