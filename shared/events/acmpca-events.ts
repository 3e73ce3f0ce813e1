/**
 * ACM Private CA events: the CloudTrail records of the calls that change a CA or its exemption,
 * and the events Private CA sends to EventBridge itself (EventBridge events reference, "AWS Private
 * Certificate Authority events"; Private CA User Guide, "Monitor AWS Private CA with CloudWatch
 * Events"). CloudTrail names the CA in requestParameters.certificateAuthorityArn, and
 * CreateCertificateAuthority returns it in responseElements.certificateAuthorityArn; Private CA's
 * own events name it in `resources`.
 */
import * as z from "../zod";
import { callCause, callFields, unwatchedCall } from "./cloudtrail";
import { type Envelope, foreignArn, parseWith } from "./envelope";
import type { EventReading } from "./subject";

/** The Private CA calls whose success can change a finding or an exemption. */
export const WATCHED_ACMPCA_CALLS = [
  "CreateCertificateAuthority",
  "UpdateCertificateAuthority",
  "ImportCertificateAuthorityCertificate",
  "DeleteCertificateAuthority",
  "RestoreCertificateAuthority",
  "TagCertificateAuthority",
  "UntagCertificateAuthority",
] as const;

/**
 * Private CA's own events that bear on a CA's findings: a CA created, and a CRL generated (or not:
 * detail.result "failure"). Certificate issuance, revocation and audit reports concern the
 * certificates a CA issues, not the CA, and are not subscribed to.
 */
export const ACMPCA_EVENTS = ["ACM Private CA Creation", "ACM Private CA CRL Generation"] as const;

const PCA = { eventSource: "acm-pca.amazonaws.com", name: "ACM Private CA" };

/** A private CA's ARN; a certificate it issued has "/certificate/" after it. */
export const AUTHORITY_ARN =
  /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[A-Za-z0-9-]+$/;

const authorityArn = z.string().check(z.maxLength(2048), z.regex(AUTHORITY_ARN, "not a private CA ARN"));

const callDetail = z.object({
  ...callFields,
  requestParameters: z.nullish(z.object({ certificateAuthorityArn: z.optional(authorityArn) })),
  responseElements: z.nullish(z.object({ certificateAuthorityArn: z.optional(authorityArn) })),
});

function evaluate(
  arn: string,
  envelope: Envelope,
  cause: ReturnType<typeof callCause>,
  what: string,
): EventReading {
  const foreign = foreignArn(arn, envelope);
  if (foreign) return { ignored: `${what} names a CA of another account or region: ${foreign}` };
  const { account, region } = envelope;
  return {
    resources: [
      { resourceType: "AWS::ACMPCA::CertificateAuthority", resourceId: arn, account, region, cause },
    ],
  };
}

/** One Private CA API call from CloudTrail to the CA to evaluate, or a reason to ignore it. Throws InvalidEventError. */
export function readAcmPcaApiCall(envelope: Envelope): EventReading {
  const detail = parseWith(callDetail, envelope.detail, "detail", envelope.id);
  const unwatched = unwatchedCall(detail, PCA, WATCHED_ACMPCA_CALLS);
  if (unwatched) return { ignored: unwatched };
  const arn =
    detail.responseElements?.certificateAuthorityArn ?? detail.requestParameters?.certificateAuthorityArn;
  if (!arn) return { ignored: `${detail.eventName} record names no certificate authority` };
  // DeleteCertificateAuthority too is decided on a fresh read, which finds the CA DELETED.
  return evaluate(arn, envelope, callCause(detail, envelope, {}), detail.eventName);
}

const nativeDetail = z.object({ result: z.optional(z.string().check(z.maxLength(64))) });

/** Private CA's own event to the CA it names, or a reason to ignore it. Throws InvalidEventError. */
export function readAcmPcaNativeEvent(envelope: Envelope): EventReading {
  const type = envelope["detail-type"];
  if (!(ACMPCA_EVENTS as readonly string[]).includes(type))
    return { ignored: `"${type}" does not bear on a CA's findings` };
  const detail = parseWith(nativeDetail, envelope.detail ?? {}, "detail", envelope.id);
  const arn = (envelope.resources ?? []).find((r) => typeof r === "string" && AUTHORITY_ARN.test(r));
  if (!arn) return { ignored: `${type} names no certificate authority in resources` };
  const cause = {
    name: detail.result ? `${type} (${detail.result})` : type,
    eventId: envelope.id,
    time: envelope.time,
    facts: {},
  };
  return evaluate(arn, envelope, cause, type);
}
