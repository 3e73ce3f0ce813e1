/** What preflight reads of one region, as the checks take it (./account.ts reads it). */
import type { Recorder } from "./answers";

/** How a trail's selectors treat one watched event source's write management events. */
export type Coverage = "logged" | "filtered" | "not logged";

export interface ManagementLogging {
  /** Some selector logs write management events. */
  writes: boolean;
  coverage: Record<string, Coverage>;
}

export interface RecorderFacts extends Recorder {
  recording: boolean;
  lastStatus?: string;
  lastErrorCode?: string;
}

export interface TrailFacts {
  name: string;
  arn: string;
  multiRegion: boolean;
  organization: boolean;
  logging: boolean;
  /** What the trail logs of management events; only read for a trail that is logging. */
  management?: ManagementLogging;
  /** Why an organization trail's selectors could not be read from this account (AWS's error code). */
  selectorsRefused?: string;
}

export interface RegionFacts {
  region: string;
  /** The customer managed recorder; none when absent. */
  recorder?: RecorderFacts;
  /** The trails that log this region: its own, and multi-region and organization trails from elsewhere. */
  trails: TrailFacts[];
  lambda: { concurrentExecutions: number; unreservedConcurrentExecutions: number };
  /** Whether Security Hub is enabled; not asked when no setting needs it. */
  securityHub?: boolean;
}
