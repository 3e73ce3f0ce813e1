import {
  GetResourcesCommand,
  type ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import type { TaggedResourceReader } from "../inventory";
import type { Tags } from "../model";
import { PageMarkers } from "./page-markers";

/** Resource types as the Resource Groups Tagging API names them (service:resourceType, as in the ARN). */
const RESOURCE_TYPES = ["kms:key", "acm:certificate", "acm-pca:certificate-authority"];
/** GetResources returns at most 100 resources a page (ResourcesPerPage, 1 to 100). */
const PAGE_SIZE = 100;

/**
 * Every key, certificate and private CA carrying one tag key, with all its tags, in a few paged calls: the
 * sweep's exemptions without a tag call per resource. One TagFilter with a key and no values
 * matches any value; several filters would all have to match (Tagging API reference, GetResources).
 */
export class TaggingReader implements TaggedResourceReader {
  constructor(private readonly client: ResourceGroupsTaggingAPIClient) {}

  async taggedWith(tagKey: string): Promise<Map<string, Tags>> {
    const tagged = new Map<string, Tags>();
    const markers = new PageMarkers("GetResources");
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new GetResourcesCommand({
          TagFilters: [{ Key: tagKey }],
          ResourceTypeFilters: RESOURCE_TYPES,
          ResourcesPerPage: PAGE_SIZE,
          PaginationToken: token,
        }),
      );
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (!mapping.ResourceARN) continue;
        tagged.set(
          mapping.ResourceARN,
          Object.fromEntries((mapping.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
        );
      }
      token = markers.follow(page.PaginationToken);
    } while (token);
    return tagged;
  }
}
