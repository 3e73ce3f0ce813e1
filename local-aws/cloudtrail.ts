import { AwsError } from "./errors";
import type { SeedTrail } from "./seed";

/** An account set up for keysentry has a multi-region trail logging every management event. */
const EVERY_REGION: SeedTrail = {
  Name: "management-events",
  HomeRegion: "us-east-1",
  IsMultiRegionTrail: true,
};

/** Trail names (CloudTrail API reference, CreateTrail Name); an ARN is matched as it is. */
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?![._-])){1,126}[A-Za-z0-9]$/;

/**
 * CloudTrail's trails ("CloudTrail_20131101.*") as one region of the account sees them: its own
 * trails whose home is that region, and, as shadow trails, multi-region trails from elsewhere and
 * organization trails (CloudTrail API reference, DescribeTrails, GetTrailStatus, GetEventSelectors).
 */
export class CloudTrailState {
  private readonly trails: SeedTrail[];

  constructor(
    private readonly account: string,
    private readonly region: string,
    trails: SeedTrail[] | undefined,
  ) {
    this.trails = trails ?? [{ ...EVERY_REGION, HomeRegion: region }];
  }

  private arn(trail: SeedTrail): string {
    return `arn:aws:cloudtrail:${trail.HomeRegion}:${trail.OwnerAccount ?? this.account}:trail/${trail.Name}`;
  }

  /** Created here, by this account: the trails a bare name finds. */
  private isHome(trail: SeedTrail): boolean {
    return trail.HomeRegion === this.region && (trail.OwnerAccount ?? this.account) === this.account;
  }

  private visible(trail: SeedTrail, shadows: boolean): boolean {
    if (this.isHome(trail)) return true;
    const reachesHere = trail.HomeRegion === this.region || trail.IsMultiRegionTrail === true;
    return shadows && reachesHere;
  }

  /** A name finds a trail of this region and account; a shadow trail only by its ARN. */
  private find(name: unknown): SeedTrail {
    const text = String(name ?? "");
    if (!text.startsWith("arn:") && !TRAIL_NAME.test(text))
      throw new AwsError(
        "InvalidTrailNameException",
        "Trail name must start with a letter or number, end with a letter or number, and contain only letters, numbers, periods, underscores and hyphens.",
      );
    const trail = this.trails.find((t) =>
      text.startsWith("arn:")
        ? this.arn(t) === text && this.visible(t, true)
        : this.isHome(t) && t.Name === text,
    );
    if (!trail)
      throw new AwsError("TrailNotFoundException", `Unknown trail: ${text} for the user: ${this.account}`);
    return trail;
  }

  DescribeTrails(input: Record<string, unknown>) {
    const shadows = input.includeShadowTrails !== false;
    const names = (input.trailNameList as string[] | undefined) ?? [];
    const listed = names.length
      ? this.trails.filter((t) => names.some((n) => n === this.arn(t) || (this.isHome(t) && n === t.Name)))
      : this.trails.filter((t) => this.visible(t, shadows));
    return {
      trailList: listed.map((t) => ({
        Name: t.Name,
        S3BucketName: t.S3BucketName ?? `aws-cloudtrail-logs-${t.OwnerAccount ?? this.account}`,
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: t.IsMultiRegionTrail ?? false,
        HomeRegion: t.HomeRegion,
        TrailARN: this.arn(t),
        LogFileValidationEnabled: true,
        HasCustomEventSelectors: t.EventSelectors !== undefined || t.AdvancedEventSelectors !== undefined,
        HasInsightSelectors: false,
        IsOrganizationTrail: t.IsOrganizationTrail ?? false,
      })),
    };
  }

  GetTrailStatus(input: Record<string, unknown>) {
    const trail = this.find(input.Name);
    const logging = trail.IsLogging ?? true;
    return { IsLogging: logging, ...(logging ? { LatestDeliveryTime: 1_700_000_000 } : {}) };
  }

  GetEventSelectors(input: Record<string, unknown>) {
    const trail = this.find(input.TrailName);
    if (trail.AdvancedEventSelectors)
      return { TrailARN: this.arn(trail), AdvancedEventSelectors: trail.AdvancedEventSelectors };
    // A trail created without selectors logs every read and write management event (API reference, EventSelector).
    const selectors = trail.EventSelectors ?? [{ ReadWriteType: "All", IncludeManagementEvents: true }];
    return {
      TrailARN: this.arn(trail),
      EventSelectors: selectors.map((s) => ({
        ReadWriteType: s.ReadWriteType ?? "All",
        IncludeManagementEvents: s.IncludeManagementEvents ?? true,
        DataResources: [],
        ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
      })),
    };
  }
}
