import { describe, expect, it } from "vitest";
import { factsOf } from "../../../cli/report/facts";
import { UNREAD } from "../../../shared/model";
import { EXAMPLE_NOW, exampleAuthority, exampleCertificate, exampleKey } from "../../../shared/rules";

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(EXAMPLE_NOW.getTime() - days * DAY);

describe("factsOf", () => {
  it("dates a key's material from its rotation history, and its last use", () => {
    const key = exampleKey({
      lastRotation: { date: daysAgo(40), type: "AUTOMATIC" },
      lastUsage: { trackingStartDate: daysAgo(300), last: { at: daysAgo(3) } },
    });
    expect(factsOf(key, EXAMPLE_NOW)).toMatchObject({
      customerManaged: true,
      rotationAgeDays: 40,
      daysSinceLastUse: 3,
    });
  });

  it("counts a key never rotated from its creation, and a key never used as null", () => {
    const key = exampleKey({
      key: { creationDate: daysAgo(800) },
      lastRotation: null,
      lastUsage: { trackingStartDate: daysAgo(300) },
    });
    expect(factsOf(key, EXAMPLE_NOW)).toMatchObject({ rotationAgeDays: 800, daysSinceLastUse: null });
  });

  it("dates imported material from the rotation that brought it in", () => {
    const key = exampleKey({
      key: { origin: "EXTERNAL" },
      keyMaterials: { current: { id: "m2", state: "CURRENT", rotationDate: daysAgo(12) }, others: [] },
    });
    expect(factsOf(key, EXAMPLE_NOW).rotationAgeDays).toBe(12);
  });

  it("gives the rotation setting when the history was not read, and nothing it did not read", () => {
    const key = { ...exampleKey({ rotation: { supported: true, enabled: false } }), lastUsage: UNREAD };
    const facts = factsOf(key, EXAMPLE_NOW);
    expect(facts).toMatchObject({ automaticRotation: "off" });
    expect(facts).not.toHaveProperty("rotationAgeDays");
    expect(facts).not.toHaveProperty("daysSinceLastUse");
  });

  it("charts nothing of an AWS-managed key", () => {
    const facts = factsOf(exampleKey({ key: { keyManager: "AWS" } }), EXAMPLE_NOW);
    expect(facts).toEqual({ resourceType: "AWS::KMS::Key", arn: expect.any(String), customerManaged: false });
  });

  it("counts days to expiry of certificates and CA certificates, negative once expired", () => {
    const certificate = exampleCertificate({
      certificate: { notAfter: new Date(EXAMPLE_NOW.getTime() + 30 * DAY) },
    });
    expect(factsOf(certificate, EXAMPLE_NOW).daysToExpiry).toBe(30);
    const expired = exampleCertificate({ certificate: { notAfter: daysAgo(2) } });
    expect(factsOf(expired, EXAMPLE_NOW).daysToExpiry).toBe(-2);
    const pending = exampleCertificate({
      certificate: { notAfter: undefined, status: "PENDING_VALIDATION" },
    });
    expect(factsOf(pending, EXAMPLE_NOW).daysToExpiry).toBeUndefined();
    const authority = exampleAuthority({
      authority: { notAfter: new Date(EXAMPLE_NOW.getTime() + 400 * DAY) },
    });
    expect(factsOf(authority, EXAMPLE_NOW)).toMatchObject({
      resourceType: "AWS::ACMPCA::CertificateAuthority",
      daysToExpiry: 400,
    });
  });
});
