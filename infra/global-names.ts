import { Aws } from "aws-cdk-lib";

/**
 * Names that AWS keeps unique beyond one region: IAM names across the account, S3 bucket names
 * across every account of the partition. The member stack is deployed to several regions of
 * one account (a StackSet with two regions, or by hand), so each such name carries the region;
 * test/infra/global-names.test.ts checks that no other global name is fixed.
 */

/** IAM role names have at most 64 characters (IAM User Guide, "IAM and AWS STS quotas"). */
const ROLE_NAME_LIMIT = 64;
/** S3 bucket names have at most 63 characters (S3 User Guide, "Bucket naming rules"). */
const BUCKET_NAME_LIMIT = 63;
/** No region code today is longer than 15 characters; five more keep room for new ones. */
const LONGEST_REGION = 20;
const ACCOUNT_ID_LENGTH = 12;

const REMEDIATION = "-remediation-";
const ASSETS = "-assets-";

export class PrefixTooLongError extends Error {
  constructor(
    readonly prefix: string,
    readonly limit: number,
  ) {
    super(
      `prefix "${prefix}" has ${prefix.length} characters; at most ${limit} keep every global name within its length limit in every region`,
    );
    this.name = "PrefixTooLongError";
  }
}

/** The longest prefix whose global names fit their limits in any region. */
export const PREFIX_LIMIT = Math.min(
  ROLE_NAME_LIMIT - REMEDIATION.length - LONGEST_REGION,
  BUCKET_NAME_LIMIT - ASSETS.length - ACCOUNT_ID_LENGTH - 1 - LONGEST_REGION,
);

/** Throws PrefixTooLongError when a global name built from the prefix could exceed its limit. */
export function checkPrefix(prefix: string): void {
  if (prefix.length > PREFIX_LIMIT) throw new PrefixTooLongError(prefix, PREFIX_LIMIT);
}

/**
 * The role keysentry's remediations assume; the loop guard knows its calls by its ARN.
 * @example remediationRoleName("keysentry") // "keysentry-remediation-${AWS::Region}" in the template
 */
export function remediationRoleName(prefix: string, region: string = Aws.REGION): string {
  return `${prefix}${REMEDIATION}${region}`;
}

/**
 * The organization's bucket for member function code in one region: Lambda reads code only
 * from a bucket in the function's own region (AWS::Lambda::Function Code, S3Bucket).
 * @example assetBucketName("keysentry", "111111111111", "eu-west-1") // "keysentry-assets-111111111111-eu-west-1"
 */
export function assetBucketName(prefix: string, account: string, region: string): string {
  return `${prefix}${ASSETS}${account}-${region}`;
}
