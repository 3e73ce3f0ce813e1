import type { Finding } from "../model";

/** Where a person fixes the resource: its page in the AWS console. */
export function consoleLink(finding: Pick<Finding, "resourceType" | "resourceArn" | "region">): string {
  const { region } = finding;
  const id = finding.resourceArn.split("/").pop() ?? "";
  return finding.resourceType === "AWS::KMS::Key"
    ? `https://${region}.console.aws.amazon.com/kms/home?region=${region}#/kms/keys/${id}`
    : `https://${region}.console.aws.amazon.com/acm/home?region=${region}#/certificates/${id}`;
}
