/**
 * The structure AWS always returns for each preflight read, as zod schemas: an answer without it
 * is not AWS (exit 3), never "nothing there". Optional fields are those the API references let
 * AWS leave out. Field names are the SDK's (the service models).
 */
import * as z from "../../shared/zod";

const strings = () => z.optional(z.array(z.string()));

/** DescribeConfigurationRecorders (Config API reference): the customer managed recorder, if any. */
export const recordersAnswer = z.object({
  ConfigurationRecorders: z.array(
    z.object({
      name: z.string(),
      recordingGroup: z.object({
        allSupported: z.optional(z.boolean()),
        includeGlobalResourceTypes: z.optional(z.boolean()),
        resourceTypes: strings(),
        exclusionByResourceTypes: z.optional(z.object({ resourceTypes: strings() })),
        recordingStrategy: z.optional(z.object({ useOnly: z.optional(z.string()) })),
      }),
    }),
  ),
});

/** DescribeConfigurationRecorderStatus: whether each recorder is recording. */
export const recorderStatusAnswer = z.object({
  ConfigurationRecordersStatus: z.array(
    z.object({
      name: z.string(),
      recording: z.boolean(),
      lastStatus: z.optional(z.string()),
      lastErrorCode: z.optional(z.string()),
    }),
  ),
});

/** DescribeTrails (CloudTrail API reference): this region's trails and the shadow trails that reach it. */
export const trailsAnswer = z.object({
  trailList: z.array(
    z.object({
      Name: z.string(),
      TrailARN: z.string(),
      HomeRegion: z.string(),
      IsMultiRegionTrail: z.boolean(),
      IsOrganizationTrail: z.boolean(),
    }),
  ),
});

/** GetTrailStatus. */
export const trailStatusAnswer = z.object({ IsLogging: z.boolean() });

const basicSelector = z.object({
  ReadWriteType: z.optional(z.string()),
  IncludeManagementEvents: z.optional(z.boolean()),
  ExcludeManagementEventSources: strings(),
});

const fieldSelector = z.object({
  Field: z.string(),
  Equals: strings(),
  StartsWith: strings(),
  EndsWith: strings(),
  NotEquals: strings(),
  NotStartsWith: strings(),
  NotEndsWith: strings(),
});

/** GetEventSelectors: a trail has basic or advanced selectors, never both (API reference, EventSelector). */
export const eventSelectorsAnswer = z
  .object({
    EventSelectors: z.optional(z.array(basicSelector)),
    AdvancedEventSelectors: z.optional(z.array(z.object({ FieldSelectors: z.array(fieldSelector) }))),
  })
  .check(
    z.refine((answer) => answer.EventSelectors !== undefined || answer.AdvancedEventSelectors !== undefined, {
      message: "neither EventSelectors nor AdvancedEventSelectors",
    }),
  );

const count = () => z.int().check(z.gte(0));

/** GetAccountSettings (Lambda API reference): the region's concurrency quota and what is not reserved. */
export const accountSettingsAnswer = z.object({
  AccountLimit: z.object({ ConcurrentExecutions: count(), UnreservedConcurrentExecutions: count() }),
});

/** DescribeHub (Security Hub API reference). */
export const hubAnswer = z.object({ HubArn: z.string() });

export type BasicSelector = z.infer<typeof basicSelector>;
export type FieldSelector = z.infer<typeof fieldSelector>;
export type Recorder = z.infer<typeof recordersAnswer>["ConfigurationRecorders"][number];
