import type { Alert } from "../../shared/actions";
import type { Finding } from "../../shared/model";

export const finding: Finding = {
  ruleId: "kms-policy-no-public-access",
  resourceType: "AWS::KMS::Key",
  resourceId: "61d470b8-92a3-44b5-90f1-7c8d9e0f1a07",
  resourceArn: "arn:aws:kms:eu-west-1:111122223333:key/61d470b8-92a3-44b5-90f1-7c8d9e0f1a07",
  account: "111122223333",
  region: "eu-west-1",
  status: "NON_COMPLIANT",
  severity: "CRITICAL",
  annotation:
    'alias/shared-uploads (61d470b8-92a3-44b5-90f1-7c8d9e0f1a07): Statement "AllowUseViaS3" allows anyone to call kms:Decrypt.',
  evidence: {},
};

export const alert: Alert = {
  transition: "new",
  finding,
  cause: {
    name: "PutKeyPolicy",
    eventId: "e1",
    time: "2026-11-01T09:15:42Z",
    actor: "role Admin assumed by bob@example.com",
    facts: {},
  },
  actions: [],
  policyChange: {
    baseline: true,
    added: ["AllowUseViaS3"],
    removed: [],
    changed: [],
    appearedClasses: ["public"],
  },
};
