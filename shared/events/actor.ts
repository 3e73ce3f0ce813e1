import * as z from "../zod";

const optionalText = () => z.optional(z.string());

/** CloudTrail userIdentity (CloudTrail User Guide, "CloudTrail userIdentity element"). */
export const userIdentitySchema = z.object({
  type: optionalText(),
  principalId: optionalText(),
  arn: optionalText(),
  accountId: optionalText(),
  userName: optionalText(),
  invokedBy: optionalText(),
  sessionContext: z.optional(
    z.object({
      sessionIssuer: z.optional(
        z.object({ type: optionalText(), arn: optionalText(), userName: optionalText() }),
      ),
    }),
  ),
});

export type UserIdentity = z.infer<typeof userIdentitySchema>;

function sessionName(identity: UserIdentity): string | undefined {
  // arn:aws:sts::111122223333:assumed-role/Admin/bob@example.com
  const parts = identity.arn?.split("/") ?? [];
  return parts.length >= 3 ? parts.slice(2).join("/") : undefined;
}

/** Who made the call, in words a person reads in an alert. */
export function describeActor(identity: UserIdentity): string {
  const via = identity.invokedBy && identity.type !== "AWSService" ? ` via ${identity.invokedBy}` : "";
  switch (identity.type) {
    case "IAMUser":
      return `IAM user ${identity.userName ?? identity.arn ?? identity.principalId ?? "unknown"}${via}`;
    case "AssumedRole": {
      const role =
        identity.sessionContext?.sessionIssuer?.userName ?? identity.arn?.split("/")[1] ?? "unknown";
      const session = sessionName(identity);
      return `role ${role}${session ? ` assumed by ${session}` : ""}${via}`;
    }
    case "Root":
      return `the root user of account ${identity.accountId ?? "unknown"}${via}`;
    case "AWSService":
      return `AWS service ${identity.invokedBy ?? "unknown"}`;
    case "AWSAccount":
      return `account ${identity.accountId ?? "unknown"}${via}`;
    case "FederatedUser":
      return `federated user ${identity.arn?.split("/").pop() ?? identity.principalId ?? "unknown"}${via}`;
    case "IdentityCenterUser":
      return `IAM Identity Center user ${identity.principalId ?? "unknown"}${via}`;
    default:
      return identity.arn ?? identity.principalId ?? "an unknown principal";
  }
}

/** The long-lived identity behind a call: the role for a role session, else the caller's ARN. */
export function actorArn(identity: UserIdentity): string | undefined {
  return identity.sessionContext?.sessionIssuer?.arn ?? identity.arn;
}
