/**
 * What Security Hub checks of an imported finding, from the user guide's "Required attributes"
 * of ASFF and the AwsSecurityFinding data type (lengths, enumerations, timestamps), so that a
 * record Security Hub would reject fails a test. Returns the problems, none when valid.
 */
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";

const REQUIRED = [
  "SchemaVersion",
  "Id",
  "ProductArn",
  "GeneratorId",
  "AwsAccountId",
  "Types",
  "CreatedAt",
  "UpdatedAt",
  "Severity",
  "Title",
  "Description",
  "Resources",
] as const;

/** The attributes a keysentry record may carry; anything else is a typo Security Hub would refuse. */
const KNOWN = new Set<string>([
  ...REQUIRED,
  "ProductName",
  "CompanyName",
  "FirstObservedAt",
  "LastObservedAt",
  "Remediation",
  "ProductFields",
  "Compliance",
  "RecordState",
  "Workflow",
  "FindingProviderFields",
]);

const NAMESPACES = [
  "Software and Configuration Checks",
  "TTPs",
  "Effects",
  "Unusual Behaviors",
  "Sensitive Data Identifications",
];
const LABELS = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
const PARTITIONS = ["aws", "aws-cn", "aws-us-gov"];
/** ASFF resource types keysentry writes, and the Details member each one's details go in. */
const RESOURCE_TYPES: Record<string, string> = {
  AwsKmsKey: "AwsKmsKey",
  AwsCertificateManagerCertificate: "AwsCertificateManagerCertificate",
  Other: "Other",
};
// Security Hub's timestamp format: RFC 3339 with a Z or numeric offset (API reference, "Timestamps").
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_FINDING_BYTES = 240 * 1024;

function length(problems: string[], what: string, value: unknown, min: number, max: number) {
  if (typeof value !== "string" || value.length < min || value.length > max)
    problems.push(`${what} must be a string of ${min}–${max} characters`);
}

export function asffProblems(record: AwsSecurityFinding): string[] {
  const problems: string[] = [];
  for (const key of REQUIRED) if (record[key] === undefined) problems.push(`${key} is required`);
  for (const key of Object.keys(record)) if (!KNOWN.has(key)) problems.push(`unknown attribute ${key}`);
  if (record.SchemaVersion !== "2018-10-08") problems.push("SchemaVersion must be 2018-10-08");
  length(problems, "Id", record.Id, 1, 512);
  length(problems, "GeneratorId", record.GeneratorId, 1, 512);
  length(problems, "Title", record.Title, 1, 256);
  length(problems, "Description", record.Description, 1, 1024);
  if (!/^\d{12}$/.test(record.AwsAccountId ?? "")) problems.push("AwsAccountId must be 12 digits");
  const product =
    /^arn:(aws|aws-cn|aws-us-gov):securityhub:([a-z0-9-]+):(\d{12}):product\/(\d{12})\/default$/.exec(
      record.ProductArn ?? "",
    );
  if (!product || product[3] !== record.AwsAccountId || product[4] !== record.AwsAccountId)
    problems.push("ProductArn must be the account's default product");
  for (const [where, types] of [
    ["Types", record.Types],
    ["FindingProviderFields.Types", record.FindingProviderFields?.Types],
  ] as const) {
    if (!Array.isArray(types) || types.length < 1 || types.length > 50)
      problems.push(`${where} must hold 1–50 types`);
    for (const type of types ?? []) {
      const parts = type.split("/");
      if (parts.length < 2 || parts.length > 3 || !NAMESPACES.includes(parts[0]!))
        problems.push(`${where}: "${type}" is not namespace/category/classifier`);
    }
  }
  for (const key of ["CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt"] as const) {
    const value = record[key];
    if (value !== undefined && !TIMESTAMP.test(value)) problems.push(`${key} is not a timestamp: ${value}`);
  }
  if (record.CreatedAt && record.UpdatedAt && record.UpdatedAt < record.CreatedAt)
    problems.push("UpdatedAt is before CreatedAt");
  // Upon creation of a finding record, CreatedAt and UpdatedAt must be the same (user guide, "UpdatedAt").
  if (record.Workflow && record.CreatedAt !== record.UpdatedAt)
    problems.push("a record sent with its creation's Workflow must have CreatedAt equal to UpdatedAt");
  if (!LABELS.includes(record.Severity?.Label ?? ""))
    problems.push("Severity.Label is required and must be a label");
  if (record.FindingProviderFields && !LABELS.includes(record.FindingProviderFields.Severity?.Label ?? ""))
    problems.push("FindingProviderFields.Severity.Label must be a label");
  const resources = record.Resources ?? [];
  if (resources.length < 1 || resources.length > 32) problems.push("Resources must hold 1–32 resources");
  for (const resource of resources) {
    length(problems, "Resource.Type", resource.Type, 1, 256);
    length(problems, "Resource.Id", resource.Id, 1, 2048);
    if (resource.Partition && !PARTITIONS.includes(resource.Partition)) problems.push("Resource.Partition");
    if (resource.Region && resource.Region.length > 16)
      problems.push("Resource.Region is over 16 characters");
    const details = RESOURCE_TYPES[resource.Type ?? ""];
    if (!details) problems.push(`Resource.Type ${resource.Type} is not one keysentry writes`);
    for (const key of Object.keys(resource.Details ?? {}))
      if (key !== details) problems.push(`Resource.Details.${key} does not match Type ${resource.Type}`);
  }
  if (
    record.Compliance &&
    !["PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"].includes(record.Compliance.Status ?? "")
  )
    problems.push("Compliance.Status");
  if (record.RecordState && !["ACTIVE", "ARCHIVED"].includes(record.RecordState))
    problems.push("RecordState");
  if (
    record.Workflow &&
    !["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"].includes(record.Workflow.Status ?? "")
  )
    problems.push("Workflow.Status");
  const recommendation = record.Remediation?.Recommendation;
  if (recommendation) length(problems, "Recommendation.Text", recommendation.Text, 1, 512);
  const fields = Object.entries(record.ProductFields ?? {});
  if (fields.length > 50) problems.push("ProductFields holds more than 50 pairs");
  for (const [key, value] of fields)
    if (key.length > 128 || value.length > 2048) problems.push(`ProductFields.${key} is too long`);
  if (Buffer.byteLength(JSON.stringify(record)) > MAX_FINDING_BYTES) problems.push("over 240 KB");
  return problems;
}
