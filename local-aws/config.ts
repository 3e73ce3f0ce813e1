import { AwsError, validation } from "./errors";
import type { SeedAccountSetup } from "./seed";

type SeedRecorder = NonNullable<SeedAccountSetup["configurationRecorder"]>;

/** An account set up for keysentry records every supported resource type. */
const RECORDING_EVERYTHING: SeedRecorder = {
  name: "default",
  recording: true,
  recordingGroup: { allSupported: true, includeGlobalResourceTypes: false },
};

/**
 * AWS Config's customer managed configuration recorder ("StarlingDoveService.*"), as
 * DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus answer for it (Config API
 * reference). An account has at most one.
 */
export class ConfigState {
  private readonly recorder: SeedRecorder | undefined;

  constructor(
    private readonly account: string,
    private readonly region: string,
    recorder: SeedAccountSetup["configurationRecorder"],
    private readonly startedAt: Date,
  ) {
    this.recorder = recorder === null ? undefined : (recorder ?? RECORDING_EVERYTHING);
  }

  /** The recorder a request names (by name or ARN; at most one), or every recorder when it names none. */
  private selected(input: Record<string, unknown>): SeedRecorder[] {
    const names = (input.ConfigurationRecorderNames as string[] | undefined) ?? [];
    const arn = input.Arn as string | undefined;
    if (names.length > 1)
      throw validation(
        "When making a request to this operation, you can only specify one configuration recorder.",
      );
    const wanted = names[0] ?? arn;
    if (wanted === undefined) return this.recorder ? [this.recorder] : [];
    if (!this.recorder || (wanted !== this.recorder.name && wanted !== this.arn(this.recorder)))
      throw new AwsError(
        "NoSuchConfigurationRecorderException",
        `Cannot find configuration recorder with the specified name '${wanted}'.`,
      );
    return [this.recorder];
  }

  private arn(recorder: SeedRecorder): string {
    // Config appends an id of its own to the name; any fixed one serves here.
    return `arn:aws:config:${this.region}:${this.account}:configuration-recorder/${recorder.name}/0a1b2c3d4e5f6a7b`;
  }

  DescribeConfigurationRecorders(input: Record<string, unknown>) {
    return {
      ConfigurationRecorders: this.selected(input).map((r) => ({
        arn: this.arn(r),
        name: r.name,
        roleARN: `arn:aws:iam::${this.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: {
          allSupported: r.recordingGroup.allSupported ?? false,
          includeGlobalResourceTypes: r.recordingGroup.includeGlobalResourceTypes ?? false,
          resourceTypes: r.recordingGroup.resourceTypes ?? [],
          exclusionByResourceTypes: {
            resourceTypes: r.recordingGroup.exclusionByResourceTypes?.resourceTypes ?? [],
          },
          recordingStrategy: r.recordingGroup.recordingStrategy ?? {
            useOnly: r.recordingGroup.allSupported
              ? "ALL_SUPPORTED_RESOURCE_TYPES"
              : "INCLUSION_BY_RESOURCE_TYPES",
          },
        },
        recordingMode: { recordingFrequency: "CONTINUOUS", recordingModeOverrides: [] },
        recordingScope: "PAID",
      })),
    };
  }

  DescribeConfigurationRecorderStatus(input: Record<string, unknown>) {
    // JSON 1.1 timestamps are seconds since the epoch.
    const started = this.startedAt.getTime() / 1000;
    return {
      ConfigurationRecordersStatus: this.selected(input).map((r) => ({
        arn: this.arn(r),
        name: r.name,
        recording: r.recording,
        ...(r.recording
          ? { lastStartTime: started, lastStatus: "Success", lastStatusChangeTime: started }
          : { lastStopTime: started, lastStatus: "NotApplicable" }),
      })),
    };
  }
}
