/**
 * Whatever ACM answers, the certificate rules decide: summaries with values no version of the
 * model names (unknown types, statuses, key-pair origins, export options, renewal states), missing
 * or impossible dates, and any event facts, through the reader's own conversion of a search result.
 */
import { ACMClient, SearchCertificatesCommand } from "@aws-sdk/client-acm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AcmCertificateReader } from "../../shared/aws";
import { certificateSnapshotFromSummary } from "../../shared/inventory";
import { type CertificateSnapshot, read } from "../../shared/model";
import { CERTIFICATE_RULES } from "../../shared/rules";
import { mockAws } from "../support/mock-aws";

const RUNS = Math.max(100, Math.floor(Number(process.env.FUZZ_RUNS ?? 10_000) / 10));
const TIMEOUT = { timeout: Math.max(20_000, RUNS * 20) };

const known = <T extends string>(...values: T[]) => fc.oneof(fc.constantFrom(...values), fc.string());
const when = fc.option(
  fc.oneof(
    fc.date({ min: new Date("2015-01-01"), max: new Date("2035-01-01") }),
    fc.constant(new Date(Number.NaN)),
  ),
  { nil: undefined },
);
const name = fc.oneof(fc.domain(), fc.string({ maxLength: 300 }));

/** A CertificateSearchResult, shaped as the SDK hands it over, with anything where the model has an enum. */
const searchResult = fc.record(
  {
    CertificateArn: fc.uuid().map((id) => `arn:aws:acm:eu-west-1:111122223333:certificate/${id}`),
    X509Attributes: fc.record(
      {
        Subject: fc.record({ CommonName: name }, { requiredKeys: [] }),
        SubjectAlternativeNames: fc.array(
          fc.oneof(
            fc.record({ DnsName: name }),
            fc.record({ IpAddress: fc.ipV4() }),
            fc.record({ $unknown: fc.tuple(fc.string(), fc.jsonValue()) }),
          ),
          { maxLength: 5 },
        ),
        KeyAlgorithm: known("RSA_2048", "EC_prime256v1", "RSA_1024"),
        NotBefore: when,
        NotAfter: when,
      },
      { requiredKeys: [] },
    ),
    CertificateMetadata: fc.oneof(
      fc.record({
        AcmCertificateMetadata: fc.record(
          {
            Type: known("AMAZON_ISSUED", "IMPORTED", "PRIVATE"),
            Status: known("ISSUED", "PENDING_VALIDATION", "EXPIRED", "REVOKED", "FAILED"),
            RenewalStatus: known("PENDING_AUTO_RENEWAL", "PENDING_VALIDATION", "SUCCESS", "FAILED"),
            RenewalEligibility: known("ELIGIBLE", "INELIGIBLE"),
            InUse: fc.boolean(),
            Exported: fc.boolean(),
            ExportOption: known("ENABLED", "DISABLED"),
            CertificateKeyPairOrigin: known("AWS_MANAGED", "CUSTOMER_PROVIDED", "ACME"),
            IssuedAt: when,
          },
          { requiredKeys: [] },
        ),
      }),
      fc.record({ $unknown: fc.tuple(fc.string(), fc.jsonValue()) }),
    ),
  },
  { requiredKeys: ["CertificateArn"] },
);

const event = fc.record(
  {
    certificateExported: fc.constant(true as const),
    certificateRenewed: fc.constant(true as const),
    daysToExpiry: fc.integer(),
  },
  { requiredKeys: [] },
);

const acm = mockAws(ACMClient);

describe(`fuzzing the certificate rules (${RUNS} cases)`, () => {
  it(
    "every rule decides every summary the reader makes of any search result, with any event facts",
    TIMEOUT,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          searchResult,
          event,
          fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01") }),
          async (result, facts, now) => {
            acm.reset();
            acm.on(SearchCertificatesCommand).resolves({ Results: [result as never] });
            const reader = new AcmCertificateReader(new ACMClient({ region: "eu-west-1" }));
            const summaries = [];
            for await (const summary of reader.listCertificates()) summaries.push(summary);
            expect(summaries).toHaveLength(1);
            const snapshot: CertificateSnapshot = {
              ...certificateSnapshotFromSummary(summaries[0]!),
              details: read({ subjectAlternativeNames: [], inUseBy: [] }),
              tags: read({}),
              event: facts,
            };
            for (const rule of CERTIFICATE_RULES) {
              const params = rule.params.parse({});
              rule.needs(snapshot, params, now);
              const verdict = rule.evaluate(snapshot, params, now);
              expect(["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]).toContain(verdict.status);
              expect(typeof verdict.reason).toBe("string");
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
  );
});
