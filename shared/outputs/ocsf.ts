import { type Finding, isExempt, type Severity } from "../model";
import { asffId } from "./asff";
import { ruleText } from "./rule-text";
import { securityHubControl } from "./security-hub-controls";

/**
 * OCSF 1.1.0: the version of Amazon Security Lake's current source version (Security Lake user
 * guide, "Open Cybersecurity Schema Framework (OCSF) in Security Lake"), and so what a custom
 * source should write. In 1.1.0 a Compliance Finding names its subject in `resource`; the
 * `resources` array came with 1.3.0.
 */
export const OCSF_VERSION = "1.1.0";

const COMPLIANCE_FINDING = 2003;
const FINDINGS_CATEGORY = 2;
const CREATE = 1;

const SEVERITY_IDS: Record<Severity, [number, string]> = {
  INFO: [1, "Informational"],
  LOW: [2, "Low"],
  MEDIUM: [3, "Medium"],
  HIGH: [4, "High"],
  CRITICAL: [5, "Critical"],
};

/** compliance.status_id: Pass, Fail, Warning ("did not yield a result due to missing information") or Other. */
const COMPLIANCE_STATUS: Record<Finding["status"], [number, string]> = {
  COMPLIANT: [1, "Pass"],
  ERROR: [2, "Warning"],
  NON_COMPLIANT: [3, "Fail"],
  NOT_APPLICABLE: [99, "Not applicable"],
};

/** status_id of the finding itself: New, Suppressed (exempt) or Resolved (passing). */
function findingStatus(finding: Finding): [number, string] {
  if (finding.status === "COMPLIANT") return [4, "Resolved"];
  return isExempt(finding) ? [3, "Suppressed"] : [1, "New"];
}

function partitionOf(arn: string): string {
  return arn.split(":")[1] || "aws";
}

/**
 * An OCSF 1.1.0 Compliance Finding (class 2003) for one finding, observed at `now`, by the keysentry
 * release `version` when the caller knows it (the CLI does; shared code cannot read the package).
 */
export function ocsfComplianceFinding(
  finding: Finding,
  now: Date,
  version?: string,
): Record<string, unknown> {
  const rule = ruleText(finding.ruleId);
  const [severityId, severity] = SEVERITY_IDS[finding.severity];
  const [statusId, status] = findingStatus(finding);
  const [complianceId, complianceStatus] = COMPLIANCE_STATUS[finding.status];
  const control = securityHubControl(finding.ruleId);
  const time = now.getTime();
  return {
    activity_id: CREATE,
    activity_name: "Create",
    category_uid: FINDINGS_CATEGORY,
    category_name: "Findings",
    class_uid: COMPLIANCE_FINDING,
    class_name: "Compliance Finding",
    type_uid: COMPLIANCE_FINDING * 100 + CREATE,
    type_name: "Compliance Finding: Create",
    time,
    severity_id: severityId,
    severity,
    status_id: statusId,
    status,
    message: finding.annotation,
    metadata: {
      version: OCSF_VERSION,
      profiles: ["cloud"],
      product: { name: "keysentry", vendor_name: "keysentry", ...(version ? { version } : {}) },
    },
    cloud: {
      provider: "AWS",
      region: finding.region,
      account: { uid: finding.account, type_id: 10, type: "AWS Account" },
    },
    finding_info: {
      uid: asffId(finding, isExempt(finding)),
      title: rule.title,
      desc: finding.annotation,
      types: [finding.ruleId],
      src_url: rule.url,
      last_seen_time: time,
    },
    compliance: {
      status_id: complianceId,
      status: complianceStatus,
      standards: control ? ["keysentry", "AWS Foundational Security Best Practices"] : ["keysentry"],
      control: control ?? finding.ruleId,
      status_detail: finding.annotation,
      ...(finding.exemption ? { status_code: `exemption-${finding.exemption.state}` } : {}),
    },
    resource: {
      uid: finding.resourceArn,
      name: finding.resourceId,
      type: finding.resourceType,
      region: finding.region,
      cloud_partition: partitionOf(finding.resourceArn),
      owner: { account: { uid: finding.account, type_id: 10, type: "AWS Account" } },
    },
    remediation: { desc: rule.description },
  };
}
