import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { timeouts } from "../aws/clients";
import type { OperationRateLimiter } from "../aws/quotas";
import { TaggingReader } from "../aws/tagging-reader";

/** Bulk exemption tags through the Tagging API, within the function's share of the published quotas. */
export function taggingReader(region: string, limiter: OperationRateLimiter): TaggingReader {
  return new TaggingReader(
    limiter.attach(new ResourceGroupsTaggingAPIClient({ region, requestHandler: timeouts() })),
  );
}
