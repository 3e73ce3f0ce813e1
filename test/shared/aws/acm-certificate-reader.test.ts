import {
  ACMClient,
  ACMServiceException,
  AccessDeniedException,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  ResourceNotFoundException,
  SearchCertificatesCommand,
} from "@aws-sdk/client-acm";
import { beforeEach, describe, expect, it } from "vitest";
import { AcmCertificateReader, ALL_KEY_PAIR_ORIGINS, ALL_KEY_TYPES } from "../../../shared/aws";
import { ResourceGoneError } from "../../../shared/inventory";
import { mockAws } from "../../support/mock-aws";

const acm = mockAws(ACMClient);
const reader = () => new AcmCertificateReader(new ACMClient({ region: "eu-west-1" }));
const ARN = "arn:aws:acm:eu-west-1:111122223333:certificate/abc";

const unknownOperation = () =>
  new ACMServiceException({
    name: "UnknownOperationException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    message: "",
  });

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A search result as SearchCertificates returns one (SDK model, CertificateSearchResult). */
const searchResult = {
  CertificateArn: ARN,
  X509Attributes: {
    Subject: { CommonName: "shop.example.com" },
    SubjectAlternativeNames: [
      { DnsName: "shop.example.com" },
      { IpAddress: "192.0.2.1" },
      { DnsName: "www.shop.example.com" },
    ],
    KeyAlgorithm: "EC_prime256v1" as const,
    NotBefore: new Date("2026-08-01T00:00:00Z"),
    NotAfter: new Date("2027-02-15T00:00:00Z"),
  },
  CertificateMetadata: {
    AcmCertificateMetadata: {
      Type: "AMAZON_ISSUED" as const,
      Status: "ISSUED" as const,
      InUse: true,
      IssuedAt: new Date("2026-08-01T00:05:00Z"),
      RenewalEligibility: "ELIGIBLE" as const,
      RenewalStatus: "PENDING_AUTO_RENEWAL" as const,
      ExportOption: "ENABLED" as const,
      Exported: true,
      CertificateKeyPairOrigin: "AWS_MANAGED" as const,
    },
  },
};

beforeEach(() => acm.reset());

describe("AcmCertificateReader: listing", () => {
  it("lists through SearchCertificates, 500 a page and no filter, with what the rules need", async () => {
    acm
      .on(SearchCertificatesCommand, { NextToken: undefined })
      .resolves({ Results: [searchResult], NextToken: "t" })
      .on(SearchCertificatesCommand, { NextToken: "t" })
      .resolves({ Results: [] });
    expect(await drain(reader().listCertificates())).toEqual([
      {
        arn: ARN,
        domainName: "shop.example.com",
        subjectAlternativeNames: ["shop.example.com", "www.shop.example.com"],
        hasAdditionalNames: false,
        type: "AMAZON_ISSUED",
        status: "ISSUED",
        notBefore: new Date("2026-08-01T00:00:00Z"),
        notAfter: new Date("2027-02-15T00:00:00Z"),
        inUse: true,
        keyAlgorithm: "EC_prime256v1",
        renewalEligibility: "ELIGIBLE",
        managedBy: undefined,
        renewalStatus: "PENDING_AUTO_RENEWAL",
        renewalStatusKnown: true,
        issuedAt: new Date("2026-08-01T00:05:00Z"),
        keyPairOrigin: "AWS_MANAGED",
        exportOption: "ENABLED",
        exported: true,
      },
    ]);
    const inputs = acm.commandCalls(SearchCertificatesCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.MaxResults, i.FilterStatement])).toEqual([
      [500, undefined],
      [500, undefined],
    ]);
    expect(acm.commandCalls(ListCertificatesCommand)).toEqual([]);
  });

  it("names a certificate without a common name by its first DNS name", async () => {
    acm.on(SearchCertificatesCommand).resolves({
      Results: [
        { ...searchResult, X509Attributes: { SubjectAlternativeNames: [{ DnsName: "api.example.com" }] } },
      ],
    });
    const [summary] = await drain(reader().listCertificates());
    expect(summary).toMatchObject({
      domainName: "api.example.com",
      subjectAlternativeNames: ["api.example.com"],
    });
  });

  it("falls back to ListCertificates, every key type and key-pair origin, where SearchCertificates is unknown, and asks no more", async () => {
    acm.on(SearchCertificatesCommand).rejects(unknownOperation());
    acm.on(ListCertificatesCommand).resolves({
      CertificateSummaryList: [
        {
          CertificateArn: ARN,
          DomainName: "shop.example.com",
          SubjectAlternativeNameSummaries: ["shop.example.com"],
          HasAdditionalSubjectAlternativeNames: true,
          Type: "AMAZON_ISSUED",
          Status: "ISSUED",
          KeyAlgorithm: "RSA_2048",
          InUse: false,
          ExportOption: "DISABLED",
          Exported: false,
          IssuedAt: new Date("2026-08-01T00:05:00Z"),
          CertificateKeyPairOrigin: "ACME",
        },
      ],
    });
    const listing = reader();
    const [summary] = await drain(listing.listCertificates());
    expect(summary).toMatchObject({
      arn: ARN,
      hasAdditionalNames: true,
      keyPairOrigin: "ACME",
      exportOption: "DISABLED",
      exported: false,
      issuedAt: new Date("2026-08-01T00:05:00Z"),
    });
    // ListCertificates has no renewal status: the rules describe the certificate for it.
    expect(summary?.renewalStatus).toBeUndefined();
    expect(summary?.renewalStatusKnown).toBe(false);
    await drain(listing.listCertificates());
    expect(acm.commandCalls(SearchCertificatesCommand)).toHaveLength(1);
    const inputs = acm.commandCalls(ListCertificatesCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(input.Includes?.keyTypes).toEqual(ALL_KEY_TYPES);
      expect(input.CertificateKeyPairOrigins).toEqual(["AWS_MANAGED", "CUSTOMER_PROVIDED", "ACME"]);
      expect(input.MaxItems).toBe(1000);
    }
    expect(ALL_KEY_PAIR_ORIGINS).toEqual(["AWS_MANAGED", "CUSTOMER_PROVIDED", "ACME"]);
  });

  it("reports a denied or throttled SearchCertificates instead of reading around it", async () => {
    acm.on(SearchCertificatesCommand).rejects(
      new AccessDeniedException({
        message: "not authorized to perform: acm:SearchCertificates",
        $metadata: {},
      }),
    );
    await expect(drain(reader().listCertificates())).rejects.toBeInstanceOf(AccessDeniedException);
    expect(acm.commandCalls(ListCertificatesCommand)).toEqual([]);
  });

  it("takes unknown enum values and union members as they come, without failing", async () => {
    acm.on(SearchCertificatesCommand).resolves({
      Results: [
        {
          CertificateArn: ARN,
          X509Attributes: { SubjectAlternativeNames: [{ $unknown: ["UriName", "x"] }] },
          CertificateMetadata: { $unknown: ["PcaCertificateMetadata", {}] },
        },
        {
          CertificateArn: `${ARN}2`,
          // An epoch beyond any calendar: the SDK makes it an Invalid Date rather than an error.
          X509Attributes: { NotAfter: new Date(Number.NaN) },
          CertificateMetadata: {
            AcmCertificateMetadata: {
              ExportOption: "SOMETIMES" as "ENABLED",
              CertificateKeyPairOrigin: "HSM" as "ACME",
            },
          },
        },
        { X509Attributes: {} },
      ],
    });
    const all = await drain(reader().listCertificates());
    expect(all.map((s) => [s.arn, s.domainName, s.exportOption, s.keyPairOrigin, s.notAfter])).toEqual([
      [ARN, "", undefined, undefined, undefined],
      [`${ARN}2`, "", "SOMETIMES", "HSM", undefined],
    ]);
  });
});

describe("AcmCertificateReader: one certificate", () => {
  it("finds it by ARN with SearchCertificates, as the listing would give it", async () => {
    acm.on(SearchCertificatesCommand).resolves({ Results: [searchResult] });
    const { summary, details } = await reader().readCertificate(ARN);
    expect(summary).toMatchObject({ arn: ARN, exported: true, renewalStatus: "PENDING_AUTO_RENEWAL" });
    expect(details).toBeUndefined();
    expect(acm.commandCalls(SearchCertificatesCommand)[0]?.args[0].input.FilterStatement).toEqual({
      Filter: { CertificateArn: ARN },
    });
    expect(acm.commandCalls(DescribeCertificateCommand)).toEqual([]);
  });

  it("reports a certificate the search does not find as gone", async () => {
    acm.on(SearchCertificatesCommand).resolves({ Results: [] });
    await expect(reader().readCertificate(ARN)).rejects.toBeInstanceOf(ResourceGoneError);
  });

  it("describes it where SearchCertificates is unknown: details at once, whether it was exported unknown", async () => {
    acm.on(SearchCertificatesCommand).rejects(unknownOperation());
    acm.on(DescribeCertificateCommand).resolves({
      Certificate: {
        CertificateArn: ARN,
        DomainName: "shop.example.com",
        Type: "AMAZON_ISSUED",
        Status: "ISSUED",
        IssuedAt: new Date("2026-08-01T00:05:00Z"),
        CertificateKeyPairOrigin: "AWS_MANAGED",
        Options: { Export: "ENABLED" },
        RenewalSummary: { RenewalStatus: "SUCCESS", DomainValidationOptions: [], UpdatedAt: new Date() },
      },
    });
    const { summary, details } = await reader().readCertificate(ARN);
    expect(summary).toMatchObject({
      exportOption: "ENABLED",
      keyPairOrigin: "AWS_MANAGED",
      renewalStatus: "SUCCESS",
    });
    expect(summary.exported).toBeUndefined();
    expect(details).toBeDefined();
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
