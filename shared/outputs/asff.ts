import { createHash } from "node:crypto";
import type { AwsSecurityFinding, Resource, SeverityLabel } from "@aws-sdk/client-securityhub";
import { type Finding, isExempt, isTrouble, type Severity } from "../model";
import { clipped, ruleText } from "./rule-text";
import { securityHubControl } from "./security-hub-controls";

// ASFF limits (Security Hub user guide, "Required attributes" and AwsSecurityFinding in the API
// reference): Id 1–512, Title 1–256, Description 1–1024, Recommendation.Text 1–512, and
// ProductFields values up to 2048 characters.
const MAX_ID = 512;
const MAX_TITLE = 256;
const MAX_DESCRIPTION = 1024;
const MAX_RECOMMENDATION = 512;
const MAX_PRODUCT_FIELD = 2048;

/** The only ASFF schema version published (user guide, "SchemaVersion"). */
export const ASFF_SCHEMA_VERSION = "2018-10-08";

/** keysentry judges configuration against best practice: the ASFF types taxonomy's namespace and category for that. */
export const ASFF_TYPES = ["Software and Configuration Checks/AWS Security Best Practices"];

/**
 * What a record says about its (rule, resource): trouble (`open`), trouble under an exemption
 * (`suppressed`), passing again (`resolved`), or no longer applicable, the resource deleted or
 * out of the rule's scope (`archived`).
 */
export type AsffOutcome = "open" | "suppressed" | "resolved" | "archived";

export function asffOutcome(finding: Finding): AsffOutcome {
  if (isTrouble(finding.status)) return isExempt(finding) ? "suppressed" : "open";
  return finding.status === "COMPLIANT" ? "resolved" : "archived";
}

/** The lifecycle fields of one imported record: which record, its times, and whether this import creates it. */
export interface AsffRecordLife {
  id: string;
  outcome: AsffOutcome;
  createdAt: string;
  firstObservedAt: string;
  updatedAt: string;
  /**
   * True when this import creates the record. Workflow is sent only then: for an existing finding
   * Security Hub ignores it in BatchImportFindings (user guide, "Restricted fields for
   * BatchImportFindings").
   */
  creating: boolean;
}

/**
 * One Id per (rule, resource), stable across imports so Security Hub updates the record instead
 * of adding one; an exemption gets a record of its own (see docs/outputs.md). An Id past ASFF's
 * 512 characters is replaced by its digest.
 */
export function asffId(finding: Pick<Finding, "ruleId" | "resourceArn">, exempt = false): string {
  const id = `keysentry/${finding.ruleId}/${finding.resourceArn}${exempt ? "/exempt" : ""}`;
  return id.length <= MAX_ID ? id : `keysentry/${createHash("sha256").update(id).digest("hex")}`;
}

/** The account's own findings product: the default product ARN (user guide, "ProductArn"). */
export function defaultProductArn(finding: Pick<Finding, "resourceArn" | "account" | "region">): string {
  return `arn:${partitionOf(finding.resourceArn)}:securityhub:${finding.region}:${finding.account}:product/${finding.account}/default`;
}

function partitionOf(arn: string): string {
  const partition = arn.split(":")[1];
  return partition === "aws-cn" || partition === "aws-us-gov" ? partition : "aws";
}

const LABELS: Record<Severity, SeverityLabel> = {
  INFO: "INFORMATIONAL",
  LOW: "LOW",
  MEDIUM: "MEDIUM",
  HIGH: "HIGH",
  CRITICAL: "CRITICAL",
};

/** ASFF resource types by the Config resource type; one ASFF does not define is `Other`. */
function asffResource(finding: Finding): Resource {
  const common = {
    Id: finding.resourceArn,
    Partition: partitionOf(finding.resourceArn) as Resource["Partition"],
    Region: finding.region,
  };
  switch (finding.resourceType as string) {
    case "AWS::KMS::Key":
      return {
        ...common,
        Type: "AwsKmsKey",
        Details: { AwsKmsKey: { KeyId: finding.resourceId, AWSAccountId: finding.account } },
      };
    case "AWS::ACM::Certificate":
      return { ...common, Type: "AwsCertificateManagerCertificate" };
    default:
      // ASFF has no type for an ACM Private CA (nor any other resource keysentry may judge later).
      return { ...common, Type: "Other", Details: { Other: { ConfigResourceType: finding.resourceType } } };
  }
}

const COMPLIANCE: Record<Finding["status"], "PASSED" | "FAILED" | "NOT_AVAILABLE"> = {
  COMPLIANT: "PASSED",
  NON_COMPLIANT: "FAILED",
  ERROR: "NOT_AVAILABLE",
  // Security Hub reports its own controls' NOT_APPLICABLE evaluations as NOT_AVAILABLE (API reference, Compliance).
  NOT_APPLICABLE: "NOT_AVAILABLE",
};

function productFields(finding: Finding): Record<string, string> {
  const fields: Record<string, string> = { "keysentry/status": finding.status };
  if (finding.exemption) {
    fields["keysentry/exemption"] = clipped(
      `${finding.exemption.state}: ${finding.exemption.reason}${finding.exemption.until ? ` (until ${finding.exemption.until})` : ""}`,
      MAX_PRODUCT_FIELD,
    );
  }
  return fields;
}

/**
 * A finding as an ASFF record. Pure: the record's Id, times and outcome come from the caller,
 * who knows (or not) what was imported before. Severity and Types go both top level (required
 * for a new finding) and in FindingProviderFields, where a finding provider updates them
 * (user guide, "FindingProviderFields").
 */
export function asffFinding(finding: Finding, life: AsffRecordLife): AwsSecurityFinding {
  const rule = ruleText(finding.ruleId);
  // A passing check is INFORMATIONAL (user guide, "Severity").
  const severity = {
    Label: life.outcome === "resolved" ? "INFORMATIONAL" : LABELS[finding.severity],
  } as const;
  const control = securityHubControl(finding.ruleId);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: life.id,
    ProductArn: defaultProductArn(finding),
    ProductName: "keysentry",
    CompanyName: "keysentry",
    GeneratorId: finding.ruleId,
    AwsAccountId: finding.account,
    Types: ASFF_TYPES,
    CreatedAt: life.createdAt,
    UpdatedAt: life.updatedAt,
    FirstObservedAt: life.firstObservedAt,
    LastObservedAt: life.updatedAt,
    Severity: severity,
    Title: clipped(rule.title, MAX_TITLE),
    Description: clipped(finding.annotation || rule.title, MAX_DESCRIPTION),
    Remediation: { Recommendation: { Text: clipped(rule.description, MAX_RECOMMENDATION), Url: rule.url } },
    ProductFields: productFields(finding),
    Resources: [asffResource(finding)],
    Compliance: { Status: COMPLIANCE[finding.status], ...(control ? { SecurityControlId: control } : {}) },
    RecordState: life.outcome === "archived" ? "ARCHIVED" : "ACTIVE",
    FindingProviderFields: { Severity: severity, Types: ASFF_TYPES },
    ...(life.creating ? { Workflow: { Status: WORKFLOW_AT_CREATION[life.outcome] } } : {}),
  };
}

/** The only moment keysentry can set a workflow status is the record's creation. */
const WORKFLOW_AT_CREATION = {
  open: "NEW",
  suppressed: "SUPPRESSED",
  resolved: "RESOLVED",
  archived: "NEW",
} as const;

/**
 * The records a finding becomes when nothing is known of earlier imports (`scan --format asff`,
 * `scan --security-hub`): each written as if created now. An exempt finding is its suppressed
 * record, and the regular record archived in case an earlier import opened it.
 */
export function asffRecords(finding: Finding, now: Date): AwsSecurityFinding[] {
  const at = now.toISOString();
  const outcome = asffOutcome(finding);
  const life = (id: string, as: AsffOutcome): AsffRecordLife => ({
    id,
    outcome: as,
    createdAt: at,
    firstObservedAt: at,
    updatedAt: at,
    creating: true,
  });
  if (outcome !== "suppressed") return [asffFinding(finding, life(asffId(finding), outcome))];
  return [
    asffFinding(finding, life(asffId(finding, true), "suppressed")),
    asffFinding(finding, life(asffId(finding), "archived")),
  ];
}
