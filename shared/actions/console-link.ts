import type { Finding } from "../model";

/** Where a person fixes the resource: its page in the AWS console. */
export function consoleLink(finding: Pick<Finding, "resourceType" | "resourceArn" | "region">): string {
  const { region } = finding;
  const id = finding.resourceArn.split("/").pop() ?? "";
  switch (finding.resourceType) {
    case "AWS::KMS::Key":
      return `https://${region}.console.aws.amazon.com/kms/home?region=${region}#/kms/keys/${id}`;
    case "AWS::ACM::Certificate":
      return `https://${region}.console.aws.amazon.com/acm/home?region=${region}#/certificates/${id}`;
    // The Private CA console lists the region's CAs; its user guide documents no page per CA
    // ("Viewing a private CA": open https://console.aws.amazon.com/acm-pca/home, choose the CA).
    case "AWS::ACMPCA::CertificateAuthority":
      return `https://${region}.console.aws.amazon.com/acm-pca/home?region=${region}`;
  }
}
