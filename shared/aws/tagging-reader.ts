import {
  GetResourcesCommand,
  type ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import type { TaggedResourceReader } from "../inventory";
import type { Tags } from "../model";

/** Resource types as the Resource Groups Tagging API names them (service:resourceType). */
const RESOURCE_TYPES = ["kms:key", "acm:certificate"];
/** GetResources returns at most 100 resources a page (ResourcesPerPage, 1 to 100). */
const PAGE_SIZE = 100;

export class RepeatedPageTokenError extends Error {
  override readonly name = "RepeatedPageTokenError";
  constructor(readonly operation: string) {
    super(`${operation} returned a page token it had already returned: the listing would never end`);
  }
}

/**
 * Every key and certificate carrying one tag key, with all its tags, in a few paged calls: the
 * sweep's exemptions without a tag call per resource. One TagFilter with a key and no values
 * matches any value; several filters would all have to match (Tagging API reference, GetResources).
 */
export class TaggingReader implements TaggedResourceReader {
  constructor(private readonly client: ResourceGroupsTaggingAPIClient) {}

  async taggedWith(tagKey: string): Promise<Map<string, Tags>> {
    const tagged = new Map<string, Tags>();
    const seen = new Set<string>();
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
      token = page.PaginationToken || undefined;
      if (token && seen.has(token)) throw new RepeatedPageTokenError("GetResources");
      if (token) seen.add(token);
    } while (token);
    return tagged;
  }
}
