/**
 * The account, partition and region a construct is deployed into, read through data sources created on first use,
 * under the construct (ids CallerIdentity, Partition, Region), so a construct that never needs them adds nothing.
 */
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import type { Construct } from "constructs";

/**
 * Lazily created `aws_caller_identity`, `aws_partition` and `aws_region` data sources under one scope: the first read
 * of `accountId`, `partition` or `region` creates its data source, later reads reuse it.
 */
export class LazyAwsContext {
  private callerIdentity?: DataAwsCallerIdentity;
  private awsPartition?: DataAwsPartition;
  private awsRegion?: DataAwsRegion;

  constructor(private readonly scope: Construct) {}

  /** The account id (a token). */
  public get accountId(): string {
    this.callerIdentity ??= new DataAwsCallerIdentity(this.scope, "CallerIdentity");
    return this.callerIdentity.accountId;
  }

  /** The partition, e.g. aws (a token). */
  public get partition(): string {
    this.awsPartition ??= new DataAwsPartition(this.scope, "Partition");
    return this.awsPartition.partition;
  }

  /** The region name (a token). */
  public get region(): string {
    this.awsRegion ??= new DataAwsRegion(this.scope, "Region");
    return this.awsRegion.region;
  }
}
