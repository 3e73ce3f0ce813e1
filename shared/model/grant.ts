/**
 * One grant on a key, as ListGrants lists it (KMS API reference, GrantListEntry). Every field is
 * whatever the caller of CreateGrant (or the service acting for them) wrote: strings kept as sent.
 */
export interface KeyGrant {
  grantId: string;
  name?: string;
  creationDate?: Date;
  /** An IAM principal's ARN or an account id; a service principal in grants services made for themselves. */
  granteePrincipal?: string;
  /** Set instead of granteePrincipal when the grant was created for a service principal (2026). */
  granteeServicePrincipal?: string;
  retiringPrincipal?: string;
  retiringServicePrincipal?: string;
  /** The account whose principal created the grant ("arn:aws:iam::111122223333:root"). */
  issuingAccount?: string;
  /** Decrypt, CreateGrant, ... (GrantOperation), as sent. */
  operations: string[];
  constraints: GrantConstraints;
}

/** GrantConstraints: each limits the grant's operations to requests that match it. */
export interface GrantConstraints {
  encryptionContextSubset?: Record<string, string>;
  encryptionContextEquals?: Record<string, string>;
  /** The AWS resource on whose behalf a service must be calling (aws:SourceArn). */
  sourceArn?: string;
}
