import * as z from "zod";

/** What a keysentry function reads from its environment; set by the CDK stack. */
const environmentSchema = z.object({
  AWS_REGION: z.string().min(1),
  KEYSENTRY_SETTINGS_PARAMETER: z.string().min(1),
  KEYSENTRY_STATE_TABLE: z.string().min(3),
  KEYSENTRY_ALERT_TOPIC_ARN: z.string().startsWith("arn:").optional(),
  /** An organization-wide topic; empty when the StackSet parameter is left blank. */
  KEYSENTRY_CENTRAL_TOPIC_ARN: z.union([z.string().startsWith("arn:"), z.literal("")]).optional(),
  KEYSENTRY_REMEDIATION_ROLE_ARN: z.string().startsWith("arn:").optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

export class EnvironmentError extends Error {
  override readonly name = "EnvironmentError";
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new EnvironmentError(`environment variable ${issue.path.join(".")}: ${issue.message}`);
}
