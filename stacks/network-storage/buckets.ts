/**
 * The buckets concern: the workspace root, Unity Catalog, medallion, landing and logs buckets, and the target of
 * their S3 server access logs. Their name components are listed for validation in environments/rules/storage.ts;
 * every name ends with the environment's bucket suffix (the AWS account id by default), so it is globally unique.
 */
import { SecureBucket } from "../../modules/aws/secure-bucket";
import { suppressRule } from "../../modules/policy";
import type { LayerStack } from "../shared/layer-stack";
import type { Keys } from "./keys";

/** Key prefix of VPC flow logs in the logs bucket. */
export const FLOW_LOGS_PREFIX = "vpc-flow-logs/";

/** The environment's buckets. */
export interface Buckets {
  readonly root: SecureBucket;
  readonly unityCatalog: SecureBucket;
  readonly medallion: SecureBucket;
  readonly landing: SecureBucket;
  readonly logs: SecureBucket;
  readonly accessLogs: SecureBucket;
}

export function createBuckets(stack: LayerStack, keys: Keys): Buckets {
  const { config, naming } = stack;
  const common = { protect: config.dataProtection, noncurrentVersionExpirationDays: config.storage.noncurrentVersionExpirationDays };
  const accessLogs = SecureBucket.forAccessLogs(stack, "AccessLogsBucket", { ...common, bucketName: naming.bucket("access-logs") });
  const bucket = (id: string, component: string, encryptionKey: Keys["data"], externalBucketPolicy = false) =>
    new SecureBucket(stack, id, {
      ...common,
      bucketName: naming.bucket(component),
      encryptionKey,
      accessLogsBucket: accessLogs,
      externalBucketPolicy,
    });
  const logs = bucket("LogsBucket", "logs", keys.data);
  logs.allowLogDelivery(FLOW_LOGS_PREFIX);
  // The workspace layer owns the root bucket's only policy: it merges our TLS-only statement with the statements
  // Databricks generates for the account (databricks_aws_bucket_policy), which this layer has no provider for.
  const root = bucket("RootBucket", "workspace-root", keys.workspaceStorage, true);
  suppressRule(
    root,
    "S3-TLS-ONLY",
    "the workspace layer owns this bucket's only policy and puts the TLS-only deny in it; S3-TLS-ONLY checks it there",
  );
  return {
    root,
    unityCatalog: bucket("UnityCatalogBucket", "unity-catalog", keys.data),
    medallion: bucket("MedallionBucket", "medallion", keys.data),
    landing: bucket("LandingBucket", "landing", keys.data),
    logs,
    accessLogs,
  };
}
