import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
// Module by module, not through the shared/aws door: a read-only scan loads no client it does not call.
import { AcmCertificateReader } from "../shared/aws/acm-certificate-reader";
import { createAcmClient } from "../shared/aws/acm-client";
import { AcmPcaAuthorityReader } from "../shared/aws/acmpca-authority-reader";
import { asStackOwner, createAcmPcaClient } from "../shared/aws/acmpca-client";
import { CallCounter } from "../shared/aws/clients";
import { createKmsClient } from "../shared/aws/kms-client";
import { KmsKeyReader } from "../shared/aws/kms-key-reader";
import { TaggingReader } from "../shared/aws/tagging-reader";
import { type ExemptionTags, type ResourceTally, type ScanProgress, scanRegion } from "../shared/engine";
import { type Finding, isExempt, type Snapshot } from "../shared/model";
import type { RuleSelection } from "../shared/settings";
import { AwsUnreadableError, explainAwsFailure, FailedCalls } from "./aws-failure";

export interface ScanRequest {
  regions: readonly string[];
  selections: readonly RuleSelection[];
  /** The settings' exemption tags: exempt findings are marked, and never fail `--fail-on`. */
  exemptionTags: ExemptionTags;
  endpoint?: string;
  profile?: string;
  /** Credentials, or a provider that renews them (an assumed role's, in an organization scan). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  now: Date;
  onProgress?: (region: string, progress: ScanProgress) => void;
  /** Each snapshot the rules saw (the HTML report charts them). */
  onSnapshot?: (snapshot: Snapshot) => void;
}

export interface ScanReport {
  findings: Finding[];
  keys: ResourceTally;
  certificates: ResourceTally;
  authorities: ResourceTally;
  kmsCalls: CallCounter;
  acmCalls: CallCounter;
  acmPcaCalls: CallCounter;
  /** GetResources: the region's exemption tags in bulk. */
  taggingCalls: CallCounter;
  /** Regions whose bulk read of exemption tags failed, and why: their resources' tags were read one by one. */
  exemptionTagsReadEach: { region: string; code: string }[];
}

function add(total: ResourceTally, part: ResourceTally) {
  total.listed += part.listed;
  total.evaluated += part.evaluated;
  total.unreadable += part.unreadable;
  total.gone += part.gone;
}

/**
 * Read-only: lists and evaluates every key, certificate and private CA in each region, one region at a time.
 * A resource that cannot be read is an ERROR finding; a listing that fails in any region means
 * the account cannot be scanned, and throws AwsUnreadableError.
 */
export async function scanAccount(request: ScanRequest): Promise<ScanReport> {
  const report: ScanReport = {
    findings: [],
    keys: { listed: 0, evaluated: 0, unreadable: 0, gone: 0 },
    certificates: { listed: 0, evaluated: 0, unreadable: 0, gone: 0 },
    authorities: { listed: 0, evaluated: 0, unreadable: 0, gone: 0 },
    kmsCalls: new CallCounter(),
    acmCalls: new CallCounter(),
    acmPcaCalls: new CallCounter(),
    taggingCalls: new CallCounter(),
    exemptionTagsReadEach: [],
  };
  for (const region of request.regions) {
    const options = {
      region,
      endpoint: request.endpoint,
      profile: request.profile,
      credentials: request.credentials,
    };
    const failed = new FailedCalls();
    const kms = failed.watch(report.kmsCalls.attach(createKmsClient(options)));
    const acm = failed.watch(report.acmCalls.attach(createAcmClient(options)));
    const tagging = report.taggingCalls.attach(new ResourceGroupsTaggingAPIClient(options));
    const pca = createAcmPcaClient(options);
    failed.watch(report.acmPcaCalls.attach(asStackOwner(pca)));
    try {
      const result = await scanRegion({
        keys: new KmsKeyReader(kms),
        certificates: new AcmCertificateReader(acm),
        authorities: new AcmPcaAuthorityReader(pca),
        tagged: new TaggingReader(tagging),
        exemptionTags: request.exemptionTags,
        selections: request.selections,
        now: request.now,
        onProgress: (progress) => request.onProgress?.(region, progress),
        onSnapshot: request.onSnapshot,
      });
      report.findings.push(...result.findings);
      add(report.keys, result.keys);
      add(report.certificates, result.certificates);
      add(report.authorities, result.authorities);
      if (result.exemptionTagsFailure)
        report.exemptionTagsReadEach.push({ region, code: result.exemptionTagsFailure.code });
    } catch (error) {
      const line = explainAwsFailure(
        error,
        { region, endpoint: request.endpoint },
        failed.operationOf(error),
      );
      throw line ? new AwsUnreadableError(line, { cause: error }) : error;
    } finally {
      kms.destroy();
      acm.destroy();
      pca.destroy();
      tagging.destroy();
    }
  }
  return report;
}

function perResource(calls: number, resources: number): string {
  return resources === 0 ? "0" : (calls / resources).toFixed(2);
}

/** One line: what was scanned, what was found, what it cost; a second when exemption tags were read one by one. */
export function summarize(report: ScanReport, ruleCount: number): string {
  const bySeverity = new Map<string, number>();
  let nonCompliant = 0;
  let errors = 0;
  let exempt = 0;
  for (const f of report.findings) {
    if (isExempt(f)) {
      exempt++;
      continue;
    }
    if (f.status === "ERROR") errors++;
    if (f.status !== "NON_COMPLIANT") continue;
    nonCompliant++;
    bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  }
  const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]
    .filter((s) => bySeverity.has(s))
    .map((s) => `${bySeverity.get(s)} ${s}`)
    .join(", ");
  const kms = report.kmsCalls.total();
  const acm = report.acmCalls.total();
  const tagging = report.taggingCalls.total();
  const pca = report.acmPcaCalls.total();
  const line = [
    `${report.keys.listed} keys, ${report.certificates.listed} certificates and ${report.authorities.listed} private CAs, ${ruleCount} rules: ${report.findings.length} findings,`,
    `${nonCompliant} non-compliant${severities ? ` (${severities})` : ""}, ${errors} errors${exempt ? `, ${exempt} exempt` : ""};`,
    `${kms + acm + pca + tagging} API calls (${perResource(kms, report.keys.listed)} per key, ${perResource(acm, report.certificates.listed)} per certificate, ${perResource(pca, report.authorities.listed)} per CA, ${tagging} for exemption tags)`,
  ].join(" ");
  const readEach = tagsReadEach(report.exemptionTagsReadEach);
  return readEach ? `${line}\n${readEach}` : line;
}

/** Exemptions stay right when the bulk read fails, at a call per troubled resource: say so, and why. */
function tagsReadEach(failures: ScanReport["exemptionTagsReadEach"]): string | undefined {
  if (failures.length === 0) return undefined;
  const where = failures.map(({ region, code }) => `${region} (GetResources: ${code})`).join(", ");
  return `Exemption tags were read resource by resource in ${where}; tag:GetResources, in \`keysentry permissions\`, reads them in one call.`;
}
