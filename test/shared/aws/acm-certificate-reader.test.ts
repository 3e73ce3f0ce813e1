import {
  ACMClient,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-acm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { AcmCertificateReader } from "../../../shared/aws";
import { ResourceGoneError } from "../../../shared/inventory";

const acm = mockClient(ACMClient);
const reader = () => new AcmCertificateReader(new ACMClient({ region: "eu-west-1" }));
const ARN = "arn:aws:acm:eu-west-1:111122223333:certificate/abc";

beforeEach(() => acm.reset());

describe("AcmCertificateReader", () => {
  it("asks for every key type, since the default lists only RSA_1024 and RSA_2048", async () => {
    acm
      .on(ListCertificatesCommand, { NextToken: undefined })
      .resolves({
        CertificateSummaryList: [
          {
            CertificateArn: ARN,
            DomainName: "shop.example.com",
            SubjectAlternativeNameSummaries: ["shop.example.com", "www.shop.example.com"],
            HasAdditionalSubjectAlternativeNames: false,
            Type: "AMAZON_ISSUED",
            Status: "ISSUED",
            KeyAlgorithm: "EC_prime256v1",
            InUse: true,
            RenewalEligibility: "ELIGIBLE",
            NotAfter: new Date("2026-09-01T00:00:00Z"),
          },
        ],
        NextToken: "t",
      })
      .on(ListCertificatesCommand, { NextToken: "t" })
      .resolves({ CertificateSummaryList: [] });
    const all = [];
    for await (const summary of reader().listCertificates()) all.push(summary);
    expect(all).toEqual([
      expect.objectContaining({
        arn: ARN,
        keyAlgorithm: "EC_prime256v1",
        inUse: true,
        subjectAlternativeNames: ["shop.example.com", "www.shop.example.com"],
      }),
    ]);
    const inputs = acm.commandCalls(ListCertificatesCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(input.Includes?.keyTypes).toEqual([
        "RSA_1024",
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "EC_prime256v1",
        "EC_secp384r1",
        "EC_secp521r1",
      ]);
      expect(input.MaxItems).toBe(1000);
    }
  });

  it("describes renewal, CT preference and usage", async () => {
    acm.on(DescribeCertificateCommand).resolves({
      Certificate: {
        CertificateArn: ARN,
        DomainName: "shop.example.com",
        SubjectAlternativeNames: ["shop.example.com"],
        Type: "AMAZON_ISSUED",
        Status: "ISSUED",
        InUseBy: ["arn:aws:cloudfront::111122223333:distribution/E1"],
        RenewalSummary: {
          RenewalStatus: "PENDING_VALIDATION",
          UpdatedAt: new Date("2026-05-01T00:00:00Z"),
          DomainValidationOptions: [
            { DomainName: "shop.example.com", ValidationStatus: "PENDING_VALIDATION" },
          ],
        },
        Options: { CertificateTransparencyLoggingPreference: "DISABLED" },
      },
    });
    const { summary, details } = await reader().describeCertificate(ARN);
    expect(summary).toMatchObject({ arn: ARN, inUse: true });
    expect(details).toMatchObject({
      inUseBy: ["arn:aws:cloudfront::111122223333:distribution/E1"],
      renewalSummary: { status: "PENDING_VALIDATION", pendingDomains: ["shop.example.com"] },
      transparencyLogging: "DISABLED",
    });
  });

  it("reports a deleted certificate as ResourceGoneError", async () => {
    acm
      .on(DescribeCertificateCommand)
      .rejects(new ResourceNotFoundException({ message: "Could not find", $metadata: {} }));
    acm
      .on(ListTagsForCertificateCommand)
      .rejects(new ResourceNotFoundException({ message: "Could not find", $metadata: {} }));
    await expect(reader().describeCertificate(ARN)).rejects.toBeInstanceOf(ResourceGoneError);
    await expect(reader().tags(ARN)).rejects.toBeInstanceOf(ResourceGoneError);
  });

  it("reads tags", async () => {
    acm.on(ListTagsForCertificateCommand).resolves({ Tags: [{ Key: "keysentry:exempt", Value: "all" }] });
    expect(await reader().tags(ARN)).toEqual({ "keysentry:exempt": "all" });
  });
});
