import {
  ACMPCAClient,
  DescribeCertificateAuthorityCommand,
  ListCertificateAuthoritiesCommand,
  ListTagsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-acm-pca";
import { beforeEach, describe, expect, it } from "vitest";
import { AcmPcaAuthorityReader } from "../../../shared/aws/acmpca-authority-reader";
import { RepeatedPageMarkerError } from "../../../shared/aws/page-markers";
import { ResourceGoneError } from "../../../shared/inventory";
import { mockAws } from "../../support/mock-aws";

const ARN =
  "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/3f1e2d4c-5b6a-4978-8c1d-2e3f4a5b6c7d";
// The 3.523 client is typed on older @smithy/types than aws-sdk-client-mock expects; the same at run time.
const pca = mockAws(ACMPCAClient as unknown as Parameters<typeof mockAws>[0]);
interface Stub {
  resolves(output: object): Stub;
  resolvesOnce(output: object): Stub;
  rejects(error: Error): Stub;
}
const on = (command: unknown, input?: object): Stub =>
  pca.on(command as never, input as never) as unknown as Stub;
const reader = () => new AcmPcaAuthorityReader(new ACMPCAClient({ region: "eu-west-1" }));

/** A CertificateAuthority as the API sends it; the SDK's enums lack the ML-DSA values, hence the cast. */
const authority = (overrides: Record<string, unknown> = {}) =>
  ({
    Arn: ARN,
    Type: "SUBORDINATE",
    Status: "ACTIVE",
    NotBefore: new Date("2025-06-01T00:00:00Z"),
    NotAfter: new Date("2028-06-01T00:00:00Z"),
    CertificateAuthorityConfiguration: {
      KeyAlgorithm: "ML_DSA_65",
      SigningAlgorithm: "ML_DSA_65",
      Subject: { CommonName: "Example Issuing CA" },
    },
    RevocationConfiguration: { CrlConfiguration: { Enabled: false }, OcspConfiguration: { Enabled: true } },
    ...overrides,
  }) as never;

beforeEach(() => pca.reset());

describe("AcmPcaAuthorityReader", () => {
  it("lists every page of CAs, keeping algorithms the SDK does not know as sent", async () => {
    on(ListCertificateAuthoritiesCommand)
      .resolvesOnce({ CertificateAuthorities: [authority()], NextToken: "page-2" })
      .resolvesOnce({
        CertificateAuthorities: [authority({ Arn: `${ARN}-2`, UsageMode: "SHORT_LIVED_CERTIFICATE" })],
      });
    const listed = [];
    for await (const ca of reader().listCertificateAuthorities()) listed.push(ca);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({
      arn: ARN,
      commonName: "Example Issuing CA",
      keyAlgorithm: "ML_DSA_65",
      signingAlgorithm: "ML_DSA_65",
      crlEnabled: false,
      ocspEnabled: true,
      usageMode: "GENERAL_PURPOSE",
    });
    expect(listed[1]?.usageMode).toBe("SHORT_LIVED_CERTIFICATE");
    // The 3.523 paginator reuses one input object, so the calls are checked for count and page size.
    const calls = pca
      .commandCalls(ListCertificateAuthoritiesCommand as never)
      .map((c) => c.args[0].input as { MaxResults?: number });
    expect(calls).toHaveLength(2);
    expect(calls[0]?.MaxResults).toBe(100);
  });

  it("stops on a page marker it has already followed", async () => {
    on(ListCertificateAuthoritiesCommand).resolves({
      CertificateAuthorities: [authority()],
      NextToken: "same",
    });
    const listing = async () => {
      for await (const _ of reader().listCertificateAuthorities());
    };
    await expect(listing()).rejects.toBeInstanceOf(RepeatedPageMarkerError);
  });

  it("reads hostile fields as absent: no ARN, non-string values, impossible dates", async () => {
    on(ListCertificateAuthoritiesCommand).resolves({
      CertificateAuthorities: [
        authority({ Arn: undefined }),
        authority({
          Status: 42,
          NotAfter: new Date(Number.NaN),
          CertificateAuthorityConfiguration: undefined,
        }),
      ],
    });
    const listed = [];
    for await (const ca of reader().listCertificateAuthorities()) listed.push(ca);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      status: "",
      notAfter: undefined,
      keyAlgorithm: undefined,
      crlEnabled: false,
    });
  });

  it("describes one CA, and a CA that is not found is gone", async () => {
    on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ARN }).resolves({
      CertificateAuthority: authority({ Type: "ROOT", Status: "DISABLED" }),
    });
    on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: `${ARN}-gone` }).rejects(
      new ResourceNotFoundException({ message: "not found", $metadata: {} }),
    );
    expect(await reader().describeCertificateAuthority(ARN)).toMatchObject({
      type: "ROOT",
      status: "DISABLED",
    });
    await expect(reader().describeCertificateAuthority(`${ARN}-gone`)).rejects.toBeInstanceOf(
      ResourceGoneError,
    );
  });

  it("reads every page of tags", async () => {
    on(ListTagsCommand)
      .resolvesOnce({
        Tags: [{ Key: "keysentry:exempt", Value: "acmpca-root-ca-disabled" }],
        NextToken: "t2",
      })
      .resolvesOnce({ Tags: [{ Key: "team", Value: undefined }] });
    expect(await reader().tags(ARN)).toEqual({ "keysentry:exempt": "acmpca-root-ca-disabled", team: "" });
  });
});
