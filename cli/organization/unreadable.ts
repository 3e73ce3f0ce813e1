import { errorFinding } from "../../shared/engine";
import type { Finding, ReadFailure, ResourceType } from "../../shared/model";
import type { RuleSelection } from "../../shared/settings";
import type { MemberAccount } from "./accounts";

/** Every resource of a type in one account and region, as IAM policies name them. */
const EVERY: Record<ResourceType, { service: string; resources: string; label: string }> = {
  "AWS::KMS::Key": { service: "kms", resources: "key/*", label: "every KMS key" },
  "AWS::ACM::Certificate": { service: "acm", resources: "certificate/*", label: "every ACM certificate" },
  "AWS::ACMPCA::CertificateAuthority": {
    service: "acm-pca",
    resources: "certificate-authority/*",
    label: "every private CA",
  },
};

export function accountLabel(account: MemberAccount): string {
  return account.name ? `${account.id} (${account.name})` : account.id;
}

/**
 * What an account or region that could not be read leaves: an ERROR finding for each selected
 * rule, about every resource of the rule's type there (arn:…:kms:region:account:key/*), with the
 * reason. An unread account is never silently compliant, and `--fail-on` sees it.
 */
export function unreadableFindings(
  selections: readonly RuleSelection[],
  account: MemberAccount,
  region: string,
  partition: string,
  failure: ReadFailure,
): Finding[] {
  return selections.map(({ rule }) => {
    const every = EVERY[rule.resourceType];
    return errorFinding(
      rule,
      {
        resourceType: rule.resourceType,
        resourceId: account.id,
        resourceArn: `arn:${partition}:${every.service}:${region}:${account.id}:${every.resources}`,
        account: account.id,
        region,
        label: `${every.label} in account ${accountLabel(account)}`,
      },
      failure,
    );
  });
}
