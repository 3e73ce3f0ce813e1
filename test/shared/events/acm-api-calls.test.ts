import { describe, expect, it } from "vitest";
import { InvalidEventError, readAcmEvent } from "../../../shared/events";
import { sample } from "../../support/event-harness";

const deployment = { account: "111122223333", region: "eu-west-1" };
const certificate = (id: string) => `arn:aws:acm:eu-west-1:111122223333:certificate/${id}`;

const ALICE = { actor: "IAM user alice", actorArn: "arn:aws:iam::111122223333:user/alice" };
const BOB = {
  actor: "role Admin assumed by bob@example.com",
  actorArn: "arn:aws:iam::111122223333:role/Admin",
};
const CAROL = {
  actor: "role PlatformEngineer assumed by carol@example.com",
  actorArn: "arn:aws:iam::111122223333:role/PlatformEngineer",
};
const ROTATION = {
  actor: "role certificate-rotation assumed by rotate-mtls",
  actorArn: "arn:aws:iam::111122223333:role/certificate-rotation",
};

/** Each call's sample: the certificate it names (in the response or the request), who, and the facts. */
const cases = [
  ["request-certificate", "RequestCertificate", "f5e758da-1639-44ab-57c8-d34e5f6a7b13", ALICE, {}],
  ["import-certificate", "ImportCertificate", "28b08b0d-496c-47de-8afb-067b8c9d0e16", ROTATION, {}],
  ["delete-certificate", "DeleteCertificate", "2c9e41f0-7a3b-4d6c-8e5f-0a1b2c3d4e17", BOB, {}],
  [
    "export-certificate",
    "ExportCertificate",
    "a1e50d01-7b2c-4d3e-9f40-5a6b7c8d9e21",
    CAROL,
    { certificateExported: true },
  ],
  ["update-certificate-options", "UpdateCertificateOptions", "4a3cad2f-6b8e-4f90-ac1d-2e3f4a5b6c02", BOB, {}],
  [
    "renew-certificate",
    "RenewCertificate",
    "9f81f274-b0d3-4e45-f162-7d8e9f0a1b07",
    ALICE,
    { certificateRenewed: true },
  ],
  ["revoke-certificate", "RevokeCertificate", "d3c536b8-f417-4289-35a6-b12c3d4e5f11", CAROL, {}],
  ["add-tags-to-certificate", "AddTagsToCertificate", "6c5ecf41-8da0-4b12-ce3f-4a5b6c7d8e04", ALICE, {}],
  [
    "remove-tags-from-certificate",
    "RemoveTagsFromCertificate",
    "6c5ecf41-8da0-4b12-ce3f-4a5b6c7d8e04",
    ALICE,
    {},
  ],
] as const;

type Detail = {
  eventName?: string;
  eventSource?: string;
  errorCode?: string;
  readOnly?: boolean;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
};

function withDetail(file: string, change: (detail: Detail) => void) {
  const event = sample(`acm/${file}.json`);
  change(event.detail as Detail);
  return event;
}

describe("readAcmEvent, ACM API calls from CloudTrail", () => {
  it.each(cases)("%s: %s on the certificate it names", (file, name, id, who, facts) => {
    expect(readAcmEvent(sample(`acm/${file}.json`), deployment)).toEqual({
      resources: [
        {
          resourceType: "AWS::ACM::Certificate",
          resourceId: certificate(id),
          account: "111122223333",
          region: "eu-west-1",
          cause: {
            name,
            eventId: expect.stringMatching(/^a9d6e3f0-/),
            time: "2026-11-01T09:15:42Z",
            ...who,
            facts,
          },
        },
      ],
    });
  });

  it("put-account-configuration: ignored, saying who set which lead time and why nothing is evaluated", () => {
    expect(readAcmEvent(sample("acm/put-account-configuration.json"), deployment)).toEqual({
      ignored:
        "role Admin assumed by bob@example.com set ACM's expiry events to start 30 days before expiry (PutAccountConfiguration): no finding depends on it; keysentry's expiry rules keep their own thresholds",
    });
    const bare = withDetail("put-account-configuration", (d) => {
      d.requestParameters = { idempotencyToken: "x" };
    });
    expect(readAcmEvent(bare, deployment)).toEqual({
      ignored: expect.stringMatching(
        /^role Admin .* changed ACM's account configuration \(PutAccountConfiguration\)/,
      ),
    });
  });

  it("takes the ARN a re-import returns, which is the one it was given", () => {
    const event = withDetail("import-certificate", (d) => {
      d.requestParameters = {
        ...d.requestParameters,
        certificateArn: certificate("28b08b0d-496c-47de-8afb-067b8c9d0e16"),
      };
    });
    const reading = readAcmEvent(event, deployment);
    expect("resources" in reading && reading.resources[0]?.resourceId).toBe(
      certificate("28b08b0d-496c-47de-8afb-067b8c9d0e16"),
    );
  });

  it("ignores failed and read-only calls, calls it does not watch, and other services' records", () => {
    const failed = withDetail("export-certificate", (d) => {
      d.errorCode = "RequestInProgressException";
    });
    expect(readAcmEvent(failed, deployment)).toEqual({
      ignored: "ExportCertificate failed (RequestInProgressException): nothing changed",
    });
    const get = withDetail("export-certificate", (d) => {
      d.eventName = "GetCertificate";
    });
    expect(readAcmEvent(get, deployment)).toEqual({
      ignored: "GetCertificate does not change any keysentry finding",
    });
    const readOnly = withDetail("export-certificate", (d) => {
      d.eventName = "DescribeCertificate";
      d.readOnly = true;
    });
    expect(readAcmEvent(readOnly, deployment)).toEqual({
      ignored: "DescribeCertificate is a read-only call",
    });
    const pca = withDetail("revoke-certificate", (d) => {
      d.eventSource = "acm-pca.amazonaws.com";
    });
    expect(readAcmEvent(pca, deployment)).toEqual({
      ignored: "CloudTrail event from acm-pca.amazonaws.com, not ACM",
    });
  });

  it("ignores a call on another account's or region's certificate, with the reason", () => {
    const foreign = withDetail("delete-certificate", (d) => {
      d.requestParameters = {
        certificateArn: "arn:aws:acm:eu-west-1:999988887777:certificate/2c9e41f0-7a3b-4d6c-8e5f-0a1b2c3d4e17",
      };
    });
    expect(readAcmEvent(foreign, deployment)).toEqual({
      ignored: expect.stringMatching(
        /^DeleteCertificate names a certificate of another account or region: .* belongs to account 999988887777/,
      ),
    });
    const elsewhere = withDetail("request-certificate", (d) => {
      d.responseElements = {
        certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/f5e758da-1639-44ab-57c8-d34e5f6a7b13",
      };
    });
    expect(readAcmEvent(elsewhere, deployment)).toEqual({
      ignored: expect.stringMatching(/is in region us-east-1, not eu-west-1$/),
    });
  });

  it("ignores a record that names no certificate", () => {
    const event = withDetail("renew-certificate", (d) => {
      d.requestParameters = null;
    });
    expect(readAcmEvent(event, deployment)).toEqual({
      ignored: "RenewCertificate record names no certificate",
    });
  });

  it("refuses a certificate ARN that is not one, naming the field", () => {
    for (const value of [
      "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x",
      42,
      "x".repeat(5000),
    ]) {
      const event = withDetail("revoke-certificate", (d) => {
        d.requestParameters = { certificateArn: value };
        d.responseElements = null;
      });
      expect(() => readAcmEvent(event, deployment)).toThrow(InvalidEventError);
      expect(() => readAcmEvent(event, deployment)).toThrow(/at detail\.requestParameters\.certificateArn/);
    }
  });
});

describe("readAcmEvent, ACM's renewal event", () => {
  it("says the certificate was renewed when ACM Certificate Available reports a RENEWAL", () => {
    const reading = readAcmEvent(sample("acm/available.json"), deployment);
    expect("resources" in reading && reading.resources[0]?.cause.facts).toEqual({
      daysToExpiry: 138,
      certificateRenewed: true,
    });
    const issued = sample("acm/available.json");
    (issued.detail as { Action: string }).Action = "ISSUANCE";
    const first = readAcmEvent(issued, deployment);
    expect("resources" in first && first.resources[0]?.cause.facts).toEqual({ daysToExpiry: 138 });
  });
});
