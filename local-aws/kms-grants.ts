/**
 * KMS grants as the local endpoint models them: ListGrants, CreateGrant, RetireGrant and
 * RevokeGrant with the parameters, paging, filters and errors of the KMS API reference, and the
 * fields of GrantListEntry in @aws-sdk/client-kms 3.1164 (service-principal grantees and the
 * SourceArn constraint included).
 */
import { createHash, randomBytes } from "node:crypto";
import { AwsError, decodeMarker, encodeMarker, pageLimit, validation } from "./errors";

/** One grant as ListGrants lists it, dates as ISO strings (the seed's form). */
export interface SeedGrant {
  /** 64 hex digits; derived from the key and the grant's place when absent. */
  GrantId?: string;
  Name?: string;
  CreationDate?: string;
  GranteePrincipal?: string;
  GranteeServicePrincipal?: string;
  RetiringPrincipal?: string;
  RetiringServicePrincipal?: string;
  /** The issuing account's root ARN; the key's account when absent. */
  IssuingAccount?: string;
  Operations: string[];
  Constraints?: {
    EncryptionContextSubset?: Record<string, string>;
    EncryptionContextEquals?: Record<string, string>;
    SourceArn?: string;
  };
}

/** GrantOperation (KMS API model, enums). */
const GRANT_OPERATIONS = new Set([
  "CreateGrant",
  "Decapsulate",
  "Decrypt",
  "DeriveSharedSecret",
  "DescribeKey",
  "Encapsulate",
  "Encrypt",
  "GenerateDataKey",
  "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext",
  "GenerateDataKeyWithoutPlaintext",
  "GenerateMac",
  "GetPublicKey",
  "ReEncryptFrom",
  "ReEncryptTo",
  "RetireGrant",
  "Sign",
  "Verify",
  "VerifyMac",
]);

/** Grants per KMS key (KMS Developer Guide, "Resource quotas"). */
const GRANTS_PER_KEY = 50_000;

/** The key a grant operation acts on, as KmsState found it. */
export interface GrantKey {
  keyId: string;
  arn: string;
  state: string;
  spec: string;
}

type Input = Record<string, unknown>;
type StoredGrant = SeedGrant & { GrantId: string; IssuingAccount: string };

const epoch = (value: string | undefined) => (value ? new Date(value).getTime() / 1000 : undefined);
/** A grant id: 64 hex digits, as KMS assigns them. */
export const grantIdOf = (keyId: string, index: number) =>
  createHash("sha256").update(`${keyId}#grant#${index}`).digest("hex");
const optionalText = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

const REQUEST_FIELDS = [
  "Name",
  "GranteePrincipal",
  "GranteeServicePrincipal",
  "RetiringPrincipal",
  "RetiringServicePrincipal",
  "Operations",
  "Constraints",
] as const;

function sameRequest(a: SeedGrant, b: SeedGrant): boolean {
  return REQUEST_FIELDS.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

export class KmsGrants {
  private readonly byKey = new Map<string, StoredGrant[]>();
  private readonly tokens = new Map<string, { keyId: string; grantId: string }>();
  private created = 0;

  constructor(
    private readonly account: string,
    private readonly clock: () => Date,
  ) {}

  seed(keyId: string, grants: SeedGrant[]) {
    this.byKey.set(
      keyId,
      grants.map((g, i) => ({
        ...g,
        GrantId: g.GrantId ?? grantIdOf(keyId, i),
        IssuingAccount: g.IssuingAccount ?? `arn:aws:iam::${this.account}:root`,
      })),
    );
  }

  forget(keyId: string) {
    this.byKey.delete(keyId);
  }

  private of(keyId: string): StoredGrant[] {
    const list = this.byKey.get(keyId) ?? [];
    this.byKey.set(keyId, list);
    return list;
  }

  /** Filters by GrantId, GranteePrincipal or GranteeServicePrincipal; Limit 1–100, 50 by default. */
  list(key: GrantKey, input: Input) {
    if (input.GranteePrincipal !== undefined && input.GranteeServicePrincipal !== undefined)
      throw validation("You can specify either GranteePrincipal or GranteeServicePrincipal, but not both.");
    // "This filter is only usable by callers in a service principal" (KMS API reference, ListGrants).
    if (input.GranteeServicePrincipal !== undefined)
      throw new AwsError(
        "AccessDeniedException",
        "GranteeServicePrincipal filtering is available only to service principals",
      );
    const limit = pageLimit(input.Limit, 50, 100);
    const start = decodeMarker(input.Marker, "InvalidMarkerException");
    const all = this.of(key.keyId).filter(
      (g) =>
        (input.GrantId === undefined || g.GrantId === input.GrantId) &&
        (input.GranteePrincipal === undefined || g.GranteePrincipal === input.GranteePrincipal),
    );
    const truncated = start + limit < all.length;
    return {
      Grants: all.slice(start, start + limit).map((g) => ({
        KeyId: key.arn,
        GrantId: g.GrantId,
        Name: g.Name ?? "",
        CreationDate: epoch(g.CreationDate),
        GranteePrincipal: g.GranteePrincipal,
        GranteeServicePrincipal: g.GranteeServicePrincipal,
        RetiringPrincipal: g.RetiringPrincipal,
        RetiringServicePrincipal: g.RetiringServicePrincipal,
        IssuingAccount: g.IssuingAccount,
        Operations: g.Operations,
        Constraints: g.Constraints,
      })),
      Truncated: truncated,
      NextMarker: truncated ? encodeMarker(start + limit) : undefined,
    };
  }

  private checkCreate(key: GrantKey, input: Input): SeedGrant {
    const operations = input.Operations;
    if (!Array.isArray(operations) || operations.length === 0)
      throw validation(
        "1 validation error detected: Value null at 'operations' failed to satisfy constraint: Member must not be null",
      );
    const unknown = operations.find((op) => !GRANT_OPERATIONS.has(String(op)));
    if (unknown !== undefined)
      throw validation(
        `1 validation error detected: Value '${String(unknown)}' at 'operations' failed to satisfy constraint: Member must satisfy enum value set`,
      );
    const grantee = optionalText(input.GranteePrincipal);
    const service = optionalText(input.GranteeServicePrincipal);
    if ((grantee === undefined) === (service === undefined))
      throw validation("You must specify either GranteePrincipal or GranteeServicePrincipal, but not both.");
    const retiring = optionalText(input.RetiringPrincipal);
    const retiringService = optionalText(input.RetiringServicePrincipal);
    if (retiring && retiringService)
      throw validation("You can specify either RetiringPrincipal or RetiringServicePrincipal, but not both.");
    const constraints = (input.Constraints ?? undefined) as SeedGrant["Constraints"];
    // A grantee service principal needs a SourceArn constraint and a retiring principal (KMS API reference, CreateGrant).
    if (service && (!constraints?.SourceArn || !(retiring || retiringService)))
      throw validation(
        "A grant for GranteeServicePrincipal requires a SourceArn constraint and a retiring principal.",
      );
    const context = constraints?.EncryptionContextSubset ?? constraints?.EncryptionContextEquals;
    if (constraints?.EncryptionContextSubset && constraints.EncryptionContextEquals)
      throw validation("Specify EncryptionContextEquals or EncryptionContextSubset, not both.");
    // Only symmetric encryption keys take an encryption context (KMS Developer Guide, "Using grant constraints").
    if (context && key.spec !== "SYMMETRIC_DEFAULT")
      throw validation(`Encryption context grant constraints are not valid for ${key.spec} keys.`);
    return {
      Name: optionalText(input.Name),
      GranteePrincipal: grantee,
      GranteeServicePrincipal: service,
      RetiringPrincipal: retiring,
      RetiringServicePrincipal: retiringService,
      Operations: operations.map(String),
      Constraints: constraints,
    };
  }

  create(key: GrantKey, input: Input) {
    if (key.state === "Disabled") throw new AwsError("DisabledException", `${key.arn} is disabled.`);
    if (key.state !== "Enabled") throw new AwsError("KMSInvalidStateException", `${key.arn} is ${key.state}`);
    const wanted = this.checkCreate(key, input);
    const grants = this.of(key.keyId);
    // With a Name, a request identical to an existing grant is a retry: the same grant id (KMS API reference).
    const retry = wanted.Name ? grants.find((g) => sameRequest(g, wanted)) : undefined;
    if (!retry && grants.length >= GRANTS_PER_KEY)
      throw new AwsError("LimitExceededException", `${key.arn} has ${GRANTS_PER_KEY} grants`);
    const grant: StoredGrant = retry ?? {
      ...wanted,
      GrantId: grantIdOf(key.keyId, 1_000_000 + this.created++),
      IssuingAccount: `arn:aws:iam::${this.account}:root`,
      CreationDate: this.clock().toISOString(),
    };
    if (!retry) grants.push(grant);
    const token = randomBytes(48).toString("base64");
    this.tokens.set(token, { keyId: key.keyId, grantId: grant.GrantId });
    return { GrantId: grant.GrantId, GrantToken: token };
  }

  private remove(key: GrantKey, grantId: unknown) {
    if (typeof grantId !== "string" || grantId.length === 0 || grantId.length > 128)
      throw new AwsError("InvalidGrantIdException", `Grant id ${String(grantId)} is not valid`);
    const grants = this.of(key.keyId);
    const index = grants.findIndex((g) => g.GrantId === grantId);
    if (index < 0) throw new AwsError("NotFoundException", `Grant ID ${grantId} not found`);
    grants.splice(index, 1);
    for (const [token, target] of this.tokens) if (target.grantId === grantId) this.tokens.delete(token);
    return {};
  }

  revoke(key: GrantKey, input: Input) {
    return this.remove(key, input.GrantId);
  }

  /** The grant by its token, or by key ARN and grant id (KMS API reference, RetireGrant). */
  retire(findKey: (keyId: string) => GrantKey, input: Input) {
    if (typeof input.GrantToken === "string") {
      const target = this.tokens.get(input.GrantToken);
      if (!target) throw new AwsError("InvalidGrantTokenException", "The grant token is not valid");
      return this.remove(findKey(target.keyId), target.grantId);
    }
    if (typeof input.KeyId !== "string" || !input.KeyId.startsWith("arn:"))
      throw validation("RetireGrant needs a GrantToken, or the key ARN and a GrantId.");
    return this.remove(findKey(input.KeyId), input.GrantId);
  }
}
