import { Stack, type StackProps } from "aws-cdk-lib";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { CentralAlerting } from "./organization/constructs/central-alerting";
import { ConfigAggregator } from "./organization/constructs/config-aggregator";
import { MemberRollout } from "./organization/constructs/member-rollout";

export interface OrganizationStackProps extends StackProps {
  organizationId: string;
  prefix?: string;
  /** An AWS Config aggregator over the organization, for the delegated administrator account. */
  configAggregator?: boolean;
  /** The default of the Regions parameter: the regions whose asset buckets the app defines. */
  regions?: string[];
  /** The default of the ConfigRules parameter passed to every member: `deployment.configRules` of the settings. */
  configRules?: boolean;
}

/**
 * Rolls keysentry out to an organization from the management (or delegated administrator)
 * account: a service-managed StackSet of the member stack with automatic deployment to new
 * accounts, and the organization-wide alert topic. The functions' code comes from one asset
 * bucket per region (AssetBucketStack), filled by `npm run publish-assets`. The parts create
 * their resources in this stack, not under themselves, so logical ids stay as deployed (resourceScope).
 */
export class OrganizationStack extends Stack {
  readonly centralTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id, props);
    const prefix = props.prefix ?? "keysentry";
    const alerting = new CentralAlerting(this, "CentralAlerting", {
      prefix,
      organizationId: props.organizationId,
    });
    new MemberRollout(this, "MemberRollout", {
      prefix,
      regions: props.regions,
      configRules: props.configRules ?? true,
      centralTopicArn: alerting.topic.topicArn,
    });
    if (props.configAggregator) new ConfigAggregator(this, "ConfigAggregator", { prefix });
    this.centralTopic = alerting.topic;
  }
}
