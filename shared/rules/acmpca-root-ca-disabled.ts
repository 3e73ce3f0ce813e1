import type { CertificateAuthoritySnapshot } from "../model";
import * as z from "../zod";
import { exampleAuthority } from "./authority-examples";
import { outOfScopeReason } from "./authority-scope";
import { EXAMPLE_NOW } from "./examples";
import { compliant, nonCompliant, notApplicable, type Rule, type RuleExample } from "./rule";

const caArn = z.string().check(
  z.maxLength(200),
  z.refine(
    (arn) => arn.startsWith("arn:") && arn.includes(":certificate-authority/"),
    "a CA ARN looks like arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/ID",
  ),
);

/** The managed rule's parameter is CSV ("arn1,arn2"): accepted as written there, or as a list. */
const csv = z.pipe(
  z.string().check(z.maxLength(20_000)),
  z.transform((text: string) =>
    text
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== ""),
  ),
);

const params = z.strictObject({
  /**
   * ARNs of CAs allowed to stay ACTIVE (the AWS Config managed rule's `exemptedCAArns`): a list, or
   * comma-separated as that rule takes it.
   */
  exemptedCAArns: z._default(
    z.pipe(z.union([z.array(z.string()), csv]), z.array(caArn).check(z.maxLength(100))),
    [],
  ),
});
type Params = z.infer<typeof params>;

/**
 * Security Hub control PCA.1 and the AWS Config managed rule acm-pca-root-ca-disabled: a root CA
 * should only sign subordinate CAs and stay disabled otherwise (Config Developer Guide,
 * acm-pca-root-ca-disabled). That rule flags every status but DISABLED; keysentry flags ACTIVE, the
 * one status in which a root CA can sign, and calls the others (pending, expired, failed) not
 * applicable: they cannot issue, and a root made ACTIVE is seen at once through its event.
 */
export const acmpcaRootCaDisabled: Rule<CertificateAuthoritySnapshot, Params> = {
  id: "acmpca-root-ca-disabled",
  title: "Root CAs are kept disabled",
  description:
    "A root CA should sign only its subordinate CAs and stay DISABLED the rest of the time (Security Hub PCA.1). Flags an ACTIVE root CA unless its ARN is in `exemptedCAArns`.",
  resourceType: "AWS::ACMPCA::CertificateAuthority",
  severity: "MEDIUM",
  evaluatedOn: ["change", "schedule"],
  permissions: ["acm-pca:ListCertificateAuthorities"],
  params,
  needs: () => [],
  evaluate(ca, p) {
    const outOfScope = outOfScopeReason(ca);
    if (outOfScope) return notApplicable(outOfScope);
    const { type, status, arn } = ca.authority;
    if (type !== "ROOT")
      return notApplicable(`a ${type.toLowerCase()} CA; only root CAs must be kept disabled`);
    const evidence = { type, status };
    if (status === "DISABLED") return compliant("root CA is disabled", evidence);
    if (status !== "ACTIVE")
      return notApplicable(`root CA cannot issue certificates while ${status}`, evidence);
    if (p.exemptedCAArns.includes(arn))
      return compliant("root CA is active and listed in exemptedCAArns", { ...evidence, exempted: true });
    return nonCompliant(
      "root CA is ACTIVE: disable it (UpdateCertificateAuthority) until it must sign a subordinate CA",
      { evidence },
    );
  },
};

/** The documented failing case (for the docs and tests: no function bundle carries it). */
export const example = (): RuleExample<CertificateAuthoritySnapshot> => ({
  summary: "a root CA left ACTIVE after signing its subordinate",
  snapshot: exampleAuthority({
    authority: { type: "ROOT", commonName: "Example Root CA", keyAlgorithm: "RSA_4096" },
  }),
  now: EXAMPLE_NOW,
});
