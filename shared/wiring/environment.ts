import { KeysentryError } from "../errors";
import * as z from "../zod";

const nonEmpty = (min = 1) => z.string().check(z.minLength(min));
const arn = () => z.string().check(z.startsWith("arn:"));

/** What a keysentry function reads from its environment; set by the CDK stack. */
const environmentSchema = z.object({
  AWS_REGION: nonEmpty(),
  KEYSENTRY_SETTINGS_PARAMETER: nonEmpty(),
  KEYSENTRY_STATE_TABLE: nonEmpty(3),
  KEYSENTRY_ALERT_TOPIC_ARN: z.optional(arn()),
  /** An organization-wide topic; empty when the StackSet parameter is left blank. */
  KEYSENTRY_CENTRAL_TOPIC_ARN: z.optional(z.union([arn(), z.literal("")])),
  KEYSENTRY_REMEDIATION_ROLE_ARN: z.optional(arn()),
});

export type Environment = z.infer<typeof environmentSchema>;

export class EnvironmentError extends KeysentryError {
  override readonly name = "EnvironmentError";
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (result.success) return result.data;
  const { path, problem } = z.firstIssue(result.error);
  throw new EnvironmentError(`environment variable ${path}: ${problem}`);
}
