import * as z from "zod";
import { InvalidEventError } from "./subject";

/** The EventBridge envelope every event arrives in (EventBridge User Guide, "Amazon EventBridge events"). */
export const envelopeSchema = z.object({
  id: z.string().min(1).max(256),
  "detail-type": z.string().min(1).max(256),
  source: z.string().min(1).max(256),
  account: z.string().regex(/^\d{12}$/, "an AWS account id has 12 digits"),
  time: z.string().max(64),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not an AWS region name"),
  resources: z.array(z.string().max(2048)).max(100).default([]),
  detail: z.record(z.string(), z.unknown()),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Where this deployment runs; events for elsewhere are not its to decide. */
export interface Deployment {
  account: string;
  region: string;
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, prefix: string, eventId?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InvalidEventError(
    [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    issue.message,
    eventId,
  );
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
