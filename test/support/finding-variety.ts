import { ruleExample } from "../../scripts/rule-examples";
import type { Finding } from "../../shared/model";
import { RULES } from "../../shared/rules";
import { run } from "./run-rule";

/**
 * Findings of every shape the engine gives: each rule's documented failing example, and from it
 * the same finding passing, not applicable (resource deleted), unreadable, exempt, with a lapsed
 * exemption, in another partition, about a Private CA, and with the longest annotation.
 */
export async function findingVariety(): Promise<Finding[]> {
  const failing = await Promise.all(
    RULES.map(async (rule) => {
      const example = await ruleExample(rule);
      return run(rule as never, example.snapshot as never, {}, example.now);
    }),
  );
  const first = failing[0]!;
  const caArn =
    "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/0b5e3a4c-7d1f-4e2a-9c3b-5f6a7b8c9d0e";
  return [
    ...failing,
    ...failing.map((f): Finding => ({ ...f, status: "COMPLIANT", severity: "INFO", evidence: {} })),
    {
      ...first,
      status: "NOT_APPLICABLE",
      severity: "INFO",
      annotation: "x: no longer exists",
      evidence: { deleted: true },
    },
    {
      ...first,
      status: "ERROR",
      annotation: "x: could not read GetKeyPolicy (AccessDeniedException): denied",
      evidence: { failure: { operation: "GetKeyPolicy", code: "AccessDeniedException", message: "denied" } },
    },
    {
      ...first,
      exemption: { state: "exempt", tag: "keysentry:exempt", reason: "break-glass key", until: "2027-06-30" },
    },
    { ...first, exemption: { state: "expired", tag: "keysentry:exempt", reason: "ended 2026-01-01" } },
    {
      ...first,
      resourceArn: first.resourceArn.replace("arn:aws:", "arn:aws-cn:").replace("eu-west-1", "cn-north-1"),
      region: "cn-north-1",
    },
    {
      ...first,
      ruleId: "acmpca-root-ca-disabled",
      resourceType: "AWS::ACMPCA::CertificateAuthority" as Finding["resourceType"],
      resourceId: caArn.split("/")[1]!,
      resourceArn: caArn,
      severity: "LOW",
    },
    { ...first, annotation: `x: ${"a".repeat(254)}` },
  ];
}
