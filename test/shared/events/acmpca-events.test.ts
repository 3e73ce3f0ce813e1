import { describe, expect, it } from "vitest";
import { InvalidEventError, readAcmEvent } from "../../../shared/events";
import { sample } from "../../support/event-harness";

/** A sample with its CloudTrail detail open for a test to change. */
const call = (file: string) =>
  sample(`acmpca/${file}.json`) as {
    "detail-type": string;
    detail: Record<string, unknown> & { requestParameters: Record<string, unknown> };
  };

const deployment = { account: "111122223333", region: "eu-west-1" };
const authority = (n: number) =>
  `arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/5ca0e1d2-7b3c-4d8e-9f10-${String(n).padStart(12, "0")}`;

describe("ACM Private CA events, through the acm-events reader", () => {
  it.each([
    ["update-certificate-authority", "UpdateCertificateAuthority", authority(1)],
    ["delete-certificate-authority", "DeleteCertificateAuthority", authority(6)],
    ["tag-certificate-authority", "TagCertificateAuthority", authority(3)],
  ])("%s: evaluates the CA the call names, saying who made it", (file, name, arn) => {
    const reading = readAcmEvent(sample(`acmpca/${file}.json`), deployment);
    expect(reading).toEqual({
      resources: [
        {
          resourceType: "AWS::ACMPCA::CertificateAuthority",
          resourceId: arn,
          account: deployment.account,
          region: deployment.region,
          cause: expect.objectContaining({ name, actor: "IAM user alice" }),
        },
      ],
    });
  });

  it("evaluates the CA a failed CRL generation names, with the result in its cause", () => {
    const reading = readAcmEvent(sample("acmpca/crl-generation-failure.json"), deployment);
    expect(reading).toMatchObject({
      resources: [{ resourceId: authority(3), cause: { name: "ACM Private CA CRL Generation (failure)" } }],
    });
  });

  it("takes CreateCertificateAuthority's CA from its response", () => {
    const event = call("update-certificate-authority");
    event.detail.eventName = "CreateCertificateAuthority";
    event.detail.requestParameters = { certificateAuthorityType: "SUBORDINATE" };
    event.detail.responseElements = { certificateAuthorityArn: authority(11) };
    expect(readAcmEvent(event, deployment)).toMatchObject({ resources: [{ resourceId: authority(11) }] });
  });

  it("ignores, with a reason, calls that change nothing, events about issued certificates and other accounts' CAs", () => {
    const read = call("update-certificate-authority");
    read.detail.eventName = "DescribeCertificateAuthority";
    read.detail.readOnly = true;
    expect(readAcmEvent(read, deployment)).toEqual({
      ignored: "DescribeCertificateAuthority is a read-only call",
    });
    const issuance = call("crl-generation-failure");
    issuance["detail-type"] = "ACM Private CA Certificate Issuance";
    expect(readAcmEvent(issuance, deployment)).toMatchObject({
      ignored: expect.stringMatching(/does not bear/),
    });
    const foreign = call("update-certificate-authority");
    foreign.detail.requestParameters.certificateAuthorityArn = authority(1).replace(
      "111122223333",
      "444455556666",
    );
    expect(readAcmEvent(foreign, deployment)).toMatchObject({
      ignored: expect.stringMatching(/another account/),
    });
  });

  it("refuses an ARN that is not a private CA's", () => {
    const event = call("update-certificate-authority");
    event.detail.requestParameters.certificateAuthorityArn = `${authority(1)}/certificate/abc`;
    expect(() => readAcmEvent(event, deployment)).toThrow(InvalidEventError);
  });
});
