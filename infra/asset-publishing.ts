import type { AssetManifest } from "aws-cdk-lib/cloud-assembly-schema";
import { EnvironmentPlaceholders } from "aws-cdk-lib/cx-api";

/** One file a region's asset bucket must hold before the StackSet deploys there. */
export interface AssetUpload {
  region: string;
  assetId: string;
  displayName: string;
  /** The asset's source in the cloud assembly, relative to its folder. */
  source: string;
  bucketName: string;
  objectKey: string;
}

export class UnplannableAssetError extends Error {
  constructor(
    readonly assetId: string,
    reason: string,
  ) {
    super(`asset ${assetId}: ${reason}`);
    this.name = "UnplannableAssetError";
  }
}

/**
 * Where each asset of an environment-agnostic stack goes in each region, as the CDK CLI resolves
 * it when publishing with that region as the default: `${AWS::Region}` in a destination becomes
 * the region. Destinations that name their own region, role or account cannot be planned
 * offline, and the plan refuses them rather than guess.
 * @example publishingPlan(manifest, ["us-east-1", "eu-west-1"]) // one upload per asset and region
 */
export function publishingPlan(manifest: AssetManifest, regions: string[]): AssetUpload[] {
  if (Object.keys(manifest.dockerImages ?? {}).length > 0)
    throw new UnplannableAssetError(
      Object.keys(manifest.dockerImages ?? {})[0] ?? "",
      "container images are not published by this plan",
    );
  const uploads: AssetUpload[] = [];
  for (const region of regions) {
    for (const [assetId, asset] of Object.entries(manifest.files ?? {})) {
      if (!asset.source.path) throw new UnplannableAssetError(assetId, "no source path");
      for (const destination of Object.values(asset.destinations)) {
        if (destination.region || destination.assumeRoleArn)
          throw new UnplannableAssetError(assetId, "the destination names its own region or role");
        const resolve = (text: string) => {
          const resolved = text.replaceAll(EnvironmentPlaceholders.CURRENT_REGION, region);
          if (resolved.includes("${"))
            throw new UnplannableAssetError(assetId, `unresolved placeholder in ${text}`);
          return resolved;
        };
        uploads.push({
          region,
          assetId,
          displayName: asset.displayName ?? assetId,
          source: asset.source.path,
          bucketName: resolve(destination.bucketName),
          objectKey: resolve(destination.objectKey),
        });
      }
    }
  }
  return uploads;
}

/**
 * The HTTPS URL CloudFormation reads an uploaded template from (virtual-hosted-style, in the
 * bucket's region; China regions use amazonaws.com.cn).
 */
export function objectUrl(upload: AssetUpload): string {
  const domain = upload.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://${upload.bucketName}.s3.${upload.region}.${domain}/${upload.objectKey}`;
}

/** The plan as printed: one line per upload, then the template URL of each region. */
export function formatPlan(uploads: AssetUpload[], templateSource: string): string {
  const width = Math.max(...uploads.map((u) => u.displayName.length), "asset".length);
  const regionWidth = Math.max(...uploads.map((u) => u.region.length), "region".length);
  const row = (region: string, asset: string, destination: string) =>
    `${region.padEnd(regionWidth)}  ${asset.padEnd(width)}  ${destination}`;
  const templates = uploads.filter((u) => u.source === templateSource);
  return [
    row("region", "asset", "destination"),
    ...uploads.map((u) => row(u.region, u.displayName, `s3://${u.bucketName}/${u.objectKey}`)),
    "",
    "MemberTemplateUrl for a KeysentryOrganization stack in each region:",
    ...templates.map((u) => `${u.region.padEnd(regionWidth)}  ${objectUrl(u)}`),
  ].join("\n");
}
