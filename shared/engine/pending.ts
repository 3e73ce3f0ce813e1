import { KeysentryError } from "../errors";
import type { ResourceType } from "../model";
import type { RuleSelection } from "../settings";
import { authorityIdentity, pendingAuthority } from "./authority-resource";
import type { ResourceIdentity } from "./findings";
import {
  certificateIdentity,
  keyIdentity,
  type PendingResource,
  type PendingResourceOptions,
  pendingCertificate,
  pendingKey,
  type Readers,
} from "./resource";

/** A resource type whose reader the caller did not wire: every rule reports ERROR, nothing passes silently. */
export class ReaderMissingError extends KeysentryError {
  override readonly name = "ReaderMissingError";
  constructor(readonly resourceType: ResourceType) {
    super(`no reader for ${resourceType} resources is wired here`);
  }
}

/** Who a resource is before it has been read, from the id an event or Config gives. */
export function identityFor(
  resourceType: ResourceType,
  resourceId: string,
  where: { account: string; region: string },
): ResourceIdentity {
  switch (resourceType) {
    case "AWS::KMS::Key":
      return keyIdentity(resourceId, where);
    case "AWS::ACM::Certificate":
      return certificateIdentity(resourceId, `certificate ${resourceId.split("/").pop()}`);
    case "AWS::ACMPCA::CertificateAuthority":
      return authorityIdentity(resourceId);
  }
}

/** One resource named by an event or a Config change: a key id or ARN, a certificate or CA ARN. */
export function pendingResource(
  readers: Readers,
  resourceType: ResourceType,
  resourceId: string,
  where: { account: string; region: string },
  selections: readonly RuleSelection[],
  now: Date,
  options: PendingResourceOptions = {},
): PendingResource {
  switch (resourceType) {
    case "AWS::KMS::Key":
      return pendingKey(readers.keys, resourceId, where, selections, now, options);
    case "AWS::ACM::Certificate":
      return pendingCertificate(readers.certificates, resourceId, selections, now, options);
    case "AWS::ACMPCA::CertificateAuthority": {
      if (readers.authorities)
        return pendingAuthority(readers.authorities, resourceId, selections, now, options);
      return {
        who: authorityIdentity(resourceId),
        firstRead: "DescribeCertificateAuthority",
        load: () => Promise.reject(new ReaderMissingError(resourceType)),
      };
    }
  }
}
