import { accountId } from "../rules";
import * as z from "../zod";
import { InvalidEventError } from "./subject";

const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** The EventBridge envelope every event arrives in (EventBridge User Guide, "Amazon EventBridge events"). */
export const envelopeSchema = z.object({
  id: text(1, 256),
  "detail-type": text(1, 256),
  source: text(1, 256),
  account: accountId(),
  time: text(0, 64),
  region: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not an AWS region name")),
  resources: z._default(z.array(text(0, 2048)).check(z.maxLength(100)), []),
  detail: z.record(z.string(), z.unknown()),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Where this deployment runs; events for elsewhere are not its to decide. */
export interface Deployment {
  account: string;
  region: string;
}

export function parseWith<T>(schema: z.ZodMiniType<T>, value: unknown, prefix: string, eventId?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { path, problem } = z.firstIssue(result.error, [prefix]);
  throw new InvalidEventError(path, problem, eventId);
}

export function parseEnvelope(raw: unknown): Envelope {
  const id =
    typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string"
      ? (raw as { id: string }).id
      : undefined;
  return parseWith(envelopeSchema, raw, "", id);
}

/** An event for another account or region is ignored with a reason, never evaluated with the wrong clients. */
export function elsewhere(envelope: Envelope, deployment: Deployment): string | undefined {
  if (envelope.account !== deployment.account) {
    return `event for account ${envelope.account}; this deployment watches ${deployment.account}`;
  }
  if (envelope.region !== deployment.region) {
    return `event for region ${envelope.region}; this deployment reads ${deployment.region}`;
  }
  return undefined;
}

/** An ACM certificate's ARN, as ACM's events and API calls name it. */
export const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/**
 * Why an ARN named inside an event is not this deployment's to evaluate (another account or
 * region), or undefined when it is ours or not an ARN at all (a key id or alias is always ours).
 */
export function foreignArn(arn: string, envelope: Envelope): string | undefined {
  if (!arn.startsWith("arn:")) return undefined;
  const [, , , region = "", account = ""] = arn.split(":");
  if (account !== envelope.account)
    return `${arn} belongs to account ${account || "(none)"}, not ${envelope.account}`;
  if (region !== envelope.region) return `${arn} is in region ${region || "(none)"}, not ${envelope.region}`;
  return undefined;
}
