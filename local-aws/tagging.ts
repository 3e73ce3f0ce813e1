/**
 * The Resource Groups Tagging API's GetResources over the local KMS and ACM state, as its API
 * reference defines it: TagFilters (every filter must match; a filter without values matches any
 * value; several values of one key match any of them), ResourceTypeFilters ("service" or
 * "service:resourceType"), ResourcesPerPage 1 to 100, PaginationToken; resources without tags are
 * not returned when a TagFilter is given.
 */
import { AwsError, decodeMarker, encodeMarker } from "./errors";

type Input = Record<string, unknown>;

interface Tagged {
  arn: string;
  tags: Map<string, string>;
}

interface TagSource {
  taggedResources(): Tagged[];
}

const invalid = (message: string) => new AwsError("InvalidParameterException", message);

/** "arn:aws:kms:region:account:key/id" is of type "kms:key". */
function typeOf(arn: string): { service: string; type: string } {
  const parts = arn.split(":");
  return { service: parts[2] ?? "", type: (parts[5] ?? "").split("/")[0] ?? "" };
}

function matchesType(arn: string, filters: string[]): boolean {
  if (filters.length === 0) return true;
  const { service, type } = typeOf(arn);
  return filters.some((filter) => {
    const [wantService, wantType] = filter.split(":");
    return wantService === service && (wantType === undefined || wantType === type);
  });
}

function readTagFilters(value: unknown): { key: string; values: string[] }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 50) throw invalid("TagFilters takes at most 50 filters");
  return value.map((filter: { Key?: unknown; Values?: unknown }) => {
    if (typeof filter?.Key !== "string" || filter.Key.length === 0)
      throw invalid("TagFilter.Key is required");
    const values = filter.Values ?? [];
    if (!Array.isArray(values) || values.length > 20) throw invalid("a TagFilter takes at most 20 values");
    return { key: filter.Key, values: values.map(String) };
  });
}

export class TaggingState {
  constructor(private readonly sources: TagSource[]) {}

  GetResources(input: Input) {
    if (input.ResourceARNList !== undefined && input.TagFilters !== undefined)
      throw invalid("You can't specify both TagFilters and ResourceARNList in the same request.");
    const filters = readTagFilters(input.TagFilters);
    const types = (input.ResourceTypeFilters ?? []) as string[];
    const perPage = input.ResourcesPerPage === undefined ? 100 : Number(input.ResourcesPerPage);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      throw invalid("ResourcesPerPage must be between 1 and 100");
    const matching = this.sources
      .flatMap((source) => source.taggedResources())
      .filter(({ arn }) => matchesType(arn, types))
      .filter(({ tags }) => (filters.length === 0 ? tags.size > 0 : true))
      .filter(({ tags }) =>
        filters.every(
          ({ key, values }) => tags.has(key) && (values.length === 0 || values.includes(tags.get(key)!)),
        ),
      )
      .sort((a, b) => a.arn.localeCompare(b.arn));
    const start = input.PaginationToken
      ? decodeMarker(input.PaginationToken, "PaginationTokenExpiredException")
      : 0;
    const page = matching.slice(start, start + perPage);
    const next = start + perPage < matching.length ? encodeMarker(start + perPage) : "";
    return {
      ResourceTagMappingList: page.map(({ arn, tags }) => ({
        ResourceARN: arn,
        Tags: [...tags.entries()].map(([Key, Value]) => ({ Key, Value })),
      })),
      PaginationToken: next,
    };
  }
}
