import { RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { assetBucketName } from "./global-names";

export interface AssetBucketStackProps extends StackProps {
  /** The account and region the bucket lives in: one stack per region of the roll-out. */
  env: { account: string; region: string };
  organizationId: string;
  prefix: string;
}

/**
 * The bucket member accounts of one region read keysentry's function code from. Lambda takes
 * code only from a bucket in the function's own region, so the roll-out has one of these in
 * every region the StackSet deploys to; `npm run publish-assets` fills them.
 */
export class AssetBucketStack extends Stack {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AssetBucketStackProps) {
    super(scope, id, props);
    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This bucket holds the asset bucket's access logs; logging it again would recurse.",
    });
    this.bucket = new s3.Bucket(this, "Assets", {
      bucketName: assetBucketName(props.prefix, props.env.account, props.env.region),
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      // Its name is fixed (member templates name it), so it is not retained: a retained bucket would
      // make this stack fail to create again. CloudFormation deletes a bucket only once it is empty
      // (CloudFormation User Guide, "DeletionPolicy attribute"), so a delete fails, and keeps the
      // stack, until the function code is removed: nothing is lost by accident.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Lambda in member accounts fetches the functions' code with the deploying role's rights.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "MemberAccountsReadFunctionCode",
        principals: [new iam.AnyPrincipal()],
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [this.bucket.arnForObjects("*")],
        conditions: { StringEquals: { "aws:PrincipalOrgID": props.organizationId } },
      }),
    );
  }
}
