import type { KeySnapshot, ResourceType, Snapshot } from "../../shared/model";
import { daysUntil } from "../../shared/rules/time";

/**
 * What the report's charts show of one resource, taken from the snapshot the rules saw: no read
 * of its own. A fact the scan did not read (a facet no selected rule needed) is absent.
 */
export interface ResourceFacts {
  resourceType: ResourceType;
  arn: string;
  /** Keys: customer-managed (the only keys the key charts count). */
  customerManaged?: boolean;
  /** Days until the certificate (or CA certificate) expires; negative once expired. */
  daysToExpiry?: number;
  /** Days since the key material last changed (a rotation, or creation), when its history was read. */
  rotationAgeDays?: number;
  /** Automatic rotation, when its status was read but not the history (the schedule was not missed). */
  automaticRotation?: "on" | "off";
  /** Days since the last cryptographic use; `null` when none was recorded since tracking began. */
  daysSinceLastUse?: number | null;
}

const daysSince = (date: Date, now: Date) => -daysUntil(date, now);

/** When the key material in use was made: from the rotation history or the materials' list, whichever was read. */
function materialSince(key: KeySnapshot): Date | undefined {
  if (key.keyMaterials.state === "read")
    return key.keyMaterials.value.current.rotationDate ?? key.key.creationDate;
  if (key.lastRotation.state === "read") return key.lastRotation.value?.date ?? key.key.creationDate;
  return undefined;
}

function keyFacts(key: KeySnapshot, now: Date): ResourceFacts {
  const customerManaged = key.key.keyManager === "CUSTOMER";
  const facts: ResourceFacts = { resourceType: key.resourceType, arn: key.key.arn, customerManaged };
  // AWS-managed keys rotate on AWS's schedule and are nobody's to act on.
  if (!customerManaged) return facts;
  const since = materialSince(key);
  if (since) facts.rotationAgeDays = daysSince(since, now);
  else if (key.rotation.state === "read" && key.rotation.value.supported)
    facts.automaticRotation = key.rotation.value.enabled ? "on" : "off";
  if (key.lastUsage.state === "read") {
    const last = key.lastUsage.value.last;
    facts.daysSinceLastUse = last ? daysSince(last.at, now) : null;
  }
  return facts;
}

export function factsOf(snapshot: Snapshot, now: Date): ResourceFacts {
  switch (snapshot.resourceType) {
    case "AWS::KMS::Key":
      return keyFacts(snapshot, now);
    case "AWS::ACM::Certificate": {
      const { arn, notAfter } = snapshot.certificate;
      return { resourceType: snapshot.resourceType, arn, daysToExpiry: notAfter && daysUntil(notAfter, now) };
    }
    case "AWS::ACMPCA::CertificateAuthority": {
      const { arn, notAfter } = snapshot.authority;
      return { resourceType: snapshot.resourceType, arn, daysToExpiry: notAfter && daysUntil(notAfter, now) };
    }
  }
}
