import { describe, expect, it } from "vitest";
import type { KeyGrant } from "../../../shared/model";
import { exampleKey } from "../../../shared/rules";
import { example, kmsGrantPrincipals as rule } from "../../../shared/rules/kms-grant-principals";
import { needs, run } from "../../support/run-rule";

const OWN = "111122223333";
const PARTNER = "444455556666";
const STRANGER = "999988887777";
const id = (n: number) => n.toString(16).padStart(64, "0");

const grant = (fields: Partial<KeyGrant>): KeyGrant => ({
  grantId: id(1),
  issuingAccount: `arn:aws:iam::${OWN}:root`,
  operations: ["Decrypt"],
  constraints: {},
  ...fields,
});
const withGrants = (...grants: KeyGrant[]) => exampleKey({ grants });
const trust = { trustedAccounts: [PARTNER] };

/** EBS's grant for a volume (KMS Developer Guide, "Examining grants"). */
const ebsVolume = grant({
  grantId: id(2),
  granteePrincipal: `arn:aws:sts::${OWN}:assumed-role/aws:ec2-infrastructure/i-5d476fab`,
  retiringPrincipal: "arn:aws:iam::123456789012:root",
  operations: ["Decrypt"],
  constraints: { encryptionContextSubset: { "aws:ebs:id": "vol-5cccfb4e" } },
});
/** DynamoDB's own grant on a table's key (KMS Developer Guide, "Using grant constraints"). */
const dynamodbTable = grant({
  grantId: id(3),
  granteePrincipal: "dynamodb.eu-west-1.amazonaws.com",
  retiringPrincipal: "dynamodb.eu-west-1.amazonaws.com",
  operations: ["Decrypt", "Encrypt", "GenerateDataKey", "RetireGrant", "DescribeKey", "CreateGrant"],
  constraints: {
    encryptionContextSubset: { "aws:dynamodb:tableName": "Services", "aws:dynamodb:subscriberId": OWN },
  },
});

describe("kms-grant-principals", () => {
  it("reads the grants of customer-managed keys only", () => {
    expect(needs(rule, exampleKey())).toEqual(["grants"]);
    expect(needs(rule, exampleKey({ key: { keyManager: "AWS" } }))).toEqual([]);
  });

  it("is not applicable to AWS-managed keys", () => {
    expect(run(rule, exampleKey({ key: { keyManager: "AWS" } })).status).toBe("NOT_APPLICABLE");
  });

  it("passes a key without grants", () => {
    expect(run(rule, withGrants())).toMatchObject({
      status: "COMPLIANT",
      annotation: expect.stringMatching(/no grants/),
    });
  });

  it("expects the grants AWS services make for this account's resources, whoever may retire them", () => {
    const finding = run(rule, withGrants(ebsVolume, dynamodbTable));
    expect(finding.status).toBe("COMPLIANT");
    expect(finding.annotation).toMatch(/2 made by AWS services/);
  });

  it("passes grants to this account's roles and to trusted accounts", () => {
    const finding = run(
      rule,
      withGrants(
        grant({ granteePrincipal: `arn:aws:iam::${OWN}:role/Batch` }),
        grant({
          grantId: id(4),
          granteePrincipal: `arn:aws:iam::${PARTNER}:role/Reader`,
          retiringPrincipal: PARTNER,
        }),
      ),
      trust,
    );
    expect(finding.status).toBe("COMPLIANT");
    expect(finding.annotation).toMatch(/1 to trusted accounts/);
  });

  it("flags a grant to an untrusted account HIGH, naming grantee and operations", () => {
    const finding = run(
      rule,
      withGrants(grant({ granteePrincipal: `arn:aws:iam::${STRANGER}:role/Ingest` })),
      trust,
    );
    expect(finding).toMatchObject({ status: "NON_COMPLIANT", severity: "HIGH" });
    expect(finding.annotation).toMatch(/role\/Ingest of external account 999988887777 call Decrypt/);
    expect(finding.evidence).toMatchObject({
      flaggedGrants: 1,
      grants: [{ grantId: id(1), reach: "external-account", account: STRANGER, operations: "Decrypt" }],
    });
  });

  it("flags an external grant that can re-grant CRITICAL", () => {
    expect(run(rule, example().snapshot)).toMatchObject({ status: "NON_COMPLIANT", severity: "CRITICAL" });
  });

  it("says an account of a trusted organization must be listed, since a grant cannot be pinned to one", () => {
    const finding = run(rule, withGrants(grant({ granteePrincipal: STRANGER })), {
      trustedOrganizationIds: ["o-a1b2c3d4e5"],
    });
    expect(finding.evidence.trust).toMatch(
      /an account of o-a1b2c3d4e5 is trusted only when listed in trustedAccounts/,
    );
  });

  it("flags a service principal grant without a SourceArn MEDIUM, and passes one with a SourceArn here", () => {
    const service = {
      granteeServicePrincipal: "logs.eu-west-1.amazonaws.com",
      retiringServicePrincipal: "logs.eu-west-1.amazonaws.com",
    };
    expect(run(rule, withGrants(grant(service)))).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "MEDIUM",
    });
    const pinned = grant({
      ...service,
      constraints: { sourceArn: `arn:aws:logs:eu-west-1:${OWN}:log-group:app` },
    });
    expect(run(rule, withGrants(pinned)).status).toBe("COMPLIANT");
  });

  it("flags a service acting for an external account's resource as that account's access", () => {
    const finding = run(
      rule,
      withGrants(
        grant({
          granteeServicePrincipal: "logs.eu-west-1.amazonaws.com",
          constraints: { sourceArn: `arn:aws:logs:eu-west-1:${STRANGER}:log-group:x` },
        }),
      ),
    );
    expect(finding).toMatchObject({
      severity: "HIGH",
      annotation: expect.stringMatching(/AWS service logs.* acting for external account 999988887777/),
    });
  });

  it("flags an untrusted retiring principal LOW on a grant people made", () => {
    const finding = run(
      rule,
      withGrants(
        grant({
          granteePrincipal: `arn:aws:iam::${OWN}:role/App`,
          retiringPrincipal: `arn:aws:iam::${STRANGER}:root`,
        }),
      ),
    );
    expect(finding).toMatchObject({ status: "NON_COMPLIANT", severity: "LOW" });
  });

  it("reports the worst grant first, the one the triggering CreateGrant made leading among equals", () => {
    const older = grant({ grantId: id(5), granteePrincipal: `arn:aws:iam::${STRANGER}:role/Old` });
    const created = grant({ grantId: id(6), granteePrincipal: `arn:aws:iam::${STRANGER}:role/New` });
    const key = {
      ...withGrants(older, created),
      event: {
        createdGrant: {
          grantId: id(6),
          grantee: `arn:aws:iam::${STRANGER}:role/New`,
          operations: ["Decrypt"],
          constraints: {},
        },
      },
    };
    const finding = run(rule, key);
    expect(finding.annotation).toMatch(
      /created by this call: grant 000000000000… lets .*role\/New .*\(\+1 more\)/,
    );
    expect(finding.eventEvidence).toMatchObject({ createdGrant: { grantId: id(6), constraints: "none" } });
  });

  it("keeps hostile grant fields as text, bounded, in linear time", () => {
    const huge = "a".repeat(200_000);
    const context = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, huge.slice(0, 10)]));
    const hostile = [
      grant({ granteePrincipal: `arn:aws:iam::${"*".repeat(12)}:role/x` }),
      grant({ grantId: id(7), granteePrincipal: `${"a.".repeat(50_000)}amazonaws.com` }),
      grant({ grantId: id(8), granteePrincipal: huge, operations: Array(10_000).fill("CreateGrant") }),
      grant({
        grantId: id(9),
        granteePrincipal: `arn:aws:sts::${OWN}:assumed-role/aws:`,
        constraints: { encryptionContextEquals: context },
      }),
      ...Array.from({ length: 5_000 }, (_, i) =>
        grant({ grantId: id(100 + i), granteePrincipal: `arn:aws:iam::${STRANGER}:user/u${i}` }),
      ),
    ];
    const started = performance.now();
    const finding = run(rule, withGrants(...hostile));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(finding).toMatchObject({ status: "NON_COMPLIANT", severity: "CRITICAL" });
    expect(finding.annotation.length).toBeLessThanOrEqual(256);
    const grants = finding.evidence.grants as { reach: string; grantee: string }[];
    expect(grants.map((g) => g.reach)).toContain("unknown");
    expect(Math.max(...grants.map((g) => g.grantee.length))).toBeLessThanOrEqual(257);
    expect((finding.evidence.grants as unknown[]).length).toBe(10);
    expect(finding.evidence.flaggedGrants).toBe(5_003);
  });
});
