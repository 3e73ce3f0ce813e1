/**
 * ACM API calls to event resources: the CloudTrail records of the calls that change a certificate
 * or its exemption. Shapes from ACM User Guide, "ACM API actions supported in CloudTrail logging"
 * (https://docs.aws.amazon.com/acm/latest/userguide/acm-supported-actions-in-cloudtrail.html):
 * requestParameters and responseElements in camelCase; RequestCertificate and ImportCertificate
 * return the certificate's ARN in responseElements.certificateArn, the other calls name it in
 * requestParameters.certificateArn.
 */
import type { EventFacts } from "../model";
import * as z from "../zod";
import { describeActor } from "./actor";
import { callCause, callFields, unwatchedCall } from "./cloudtrail";
import { CERTIFICATE_ARN, type Envelope, foreignArn, parseWith } from "./envelope";
import type { EventReading } from "./subject";

/** The ACM calls whose success can change a finding or an exemption. */
export const WATCHED_ACM_CALLS = [
  "RequestCertificate",
  "ImportCertificate",
  "DeleteCertificate",
  "ExportCertificate",
  "UpdateCertificateOptions",
  "RenewCertificate",
  "RevokeCertificate",
  "AddTagsToCertificate",
  "RemoveTagsFromCertificate",
  "PutAccountConfiguration",
] as const;

const ACM = { eventSource: "acm.amazonaws.com", name: "ACM" };

const certificateArn = z
  .string()
  .check(z.maxLength(2048), z.regex(CERTIFICATE_ARN, "not an ACM certificate ARN"));

const acmCallDetail = z.object({
  ...callFields,
  requestParameters: z.nullish(
    z.object({
      certificateArn: z.optional(certificateArn),
      expiryEvents: z.optional(z.object({ daysBeforeExpiry: z.optional(z.int()) })),
    }),
  ),
  responseElements: z.nullish(z.object({ certificateArn: z.optional(certificateArn) })),
});

type AcmCallDetail = z.infer<typeof acmCallDetail>;

function factsOf(detail: AcmCallDetail): EventFacts {
  switch (detail.eventName) {
    case "ExportCertificate":
      return { certificateExported: true };
    case "RenewCertificate":
      return { certificateRenewed: true };
    default:
      return {};
  }
}

/**
 * PutAccountConfiguration sets when ACM starts its daily expiry events (DaysBeforeExpiry, 45 by
 * default). It names no certificate and no rule reads it: the expiry rules keep their own
 * thresholds, and the sweep reads every certificate whatever ACM sends. Re-evaluating the account
 * here would be a sweep inside an event function, without the sweep's paging and continuation,
 * once per call. The reason keeps who changed what for the log.
 */
function accountConfiguration(detail: AcmCallDetail): EventReading {
  const days = detail.requestParameters?.expiryEvents?.daysBeforeExpiry;
  const change =
    days === undefined
      ? "changed ACM's account configuration"
      : `set ACM's expiry events to start ${days} days before expiry`;
  return {
    ignored: `${describeActor(detail.userIdentity)} ${change} (PutAccountConfiguration): no finding depends on it; keysentry's expiry rules keep their own thresholds`,
  };
}

/** One ACM API call from CloudTrail to the certificate to evaluate, or a reason to ignore it. Throws InvalidEventError. */
export function readAcmApiCall(envelope: Envelope): EventReading {
  const detail = parseWith(acmCallDetail, envelope.detail, "detail", envelope.id);
  const unwatched = unwatchedCall(detail, ACM, WATCHED_ACM_CALLS);
  if (unwatched) return { ignored: unwatched };
  if (detail.eventName === "PutAccountConfiguration") return accountConfiguration(detail);
  const arn = detail.responseElements?.certificateArn ?? detail.requestParameters?.certificateArn;
  if (!arn) return { ignored: `${detail.eventName} record names no certificate` };
  // DeleteCertificate too is decided by a fresh read, which finds the certificate gone (NOT_APPLICABLE,
  // resolving what was told about it): a forged record cannot resolve a certificate that still exists.
  const foreign = foreignArn(arn, envelope);
  if (foreign)
    return { ignored: `${detail.eventName} names a certificate of another account or region: ${foreign}` };
  const { account, region } = envelope;
  const cause = callCause(detail, envelope, factsOf(detail));
  return { resources: [{ resourceType: "AWS::ACM::Certificate", resourceId: arn, account, region, cause }] };
}
