/**
 * Regional Databricks values on AWS (commercial partition): the PrivateLink endpoint services of the
 * back end (workspace REST API and secure cluster connectivity relay) and the Databricks-owned S3
 * buckets that a workspace's clusters must reach through the S3 gateway endpoint.
 *
 * Source: databricks/terraform-databricks-sra, aws/tf/variables.tf at commit 054aaf42
 * (`workspace_config`, `scc_relay_config`, `artifact_storage_bucket`, `shared_datasets_bucket`,
 * `system_table_bucket_config`, `log_storage_bucket_config`). The us-east-1, us-east-2, us-west-2,
 * eu-west-1, eu-central-1, eu-west-2 and ap-southeast-2 service names also match the project's
 * checked facts (databricks-aws-facts.md C3). Left out on purpose: us-west-1 (the examples repository
 * marks back-end PrivateLink as unsupported there while SRA lists services: unverified) and
 * us-gov-west-1 (another partition, other Databricks accounts, and two shards).
 *
 * @see https://docs.databricks.com/aws/en/resources/ip-domain-region
 */

/** The two back-end PrivateLink endpoint services of one region. */
export interface DatabricksEndpointServices {
  /** Workspace REST API ("general access", back-end REST) endpoint service name. */
  readonly workspace: string;
  /** Secure cluster connectivity relay endpoint service name. */
  readonly relay: string;
}

/** Databricks-owned S3 buckets of one region that clusters read from or write to. */
export interface DatabricksRegionalBuckets {
  /** Runtime artifacts (libraries, images); owned by the Databricks artifact account. */
  readonly artifactBuckets: readonly string[];
  /** The `/databricks-datasets` sample data bucket. */
  readonly sampleDataBucket: string;
  /** The bucket behind system tables. */
  readonly systemTablesBucket: string;
  /** The Databricks log bucket clusters ship service logs to. */
  readonly logBucket: string;
}

interface RegionEntry extends DatabricksEndpointServices, DatabricksRegionalBuckets {}

function entry(
  region: string,
  workspaceSvc: string,
  relaySvc: string,
  buckets: { sampleData: string; log: string; extraArtifacts?: string[] },
): RegionEntry {
  return {
    workspace: `com.amazonaws.vpce.${region}.${workspaceSvc}`,
    relay: `com.amazonaws.vpce.${region}.${relaySvc}`,
    artifactBuckets: [`databricks-prod-artifacts-${region}`, ...(buckets.extraArtifacts ?? [])],
    sampleDataBucket: buckets.sampleData,
    systemTablesBucket: `system-tables-prod-${region}-uc-metastore-bucket`,
    logBucket: buckets.log,
  };
}

const REGIONS = {
  "ap-northeast-1": entry("ap-northeast-1", "vpce-svc-02691fd610d24fd64", "vpce-svc-02aa633bda3edbec0", {
    sampleData: "databricks-datasets-tokyo",
    log: "databricks-prod-storage-tokyo",
  }),
  "ap-northeast-2": entry("ap-northeast-2", "vpce-svc-0babb9bde64f34d7e", "vpce-svc-0dc0e98a5800db5c4", {
    sampleData: "databricks-datasets-seoul",
    log: "databricks-prod-storage-seoul",
  }),
  "ap-south-1": entry("ap-south-1", "vpce-svc-0dbfe5d9ee18d6411", "vpce-svc-03fd4d9b61414f3de", {
    sampleData: "databricks-datasets-mumbai",
    log: "databricks-prod-storage-mumbai",
  }),
  "ap-southeast-1": entry("ap-southeast-1", "vpce-svc-02535b257fc253ff4", "vpce-svc-0557367c6fc1a0c5c", {
    sampleData: "databricks-datasets-singapore",
    log: "databricks-prod-storage-singapore",
  }),
  "ap-southeast-2": entry("ap-southeast-2", "vpce-svc-0b87155ddd6954974", "vpce-svc-0b4a72e8f825495f6", {
    sampleData: "databricks-datasets-sydney",
    log: "databricks-prod-storage-sydney",
  }),
  // SRA maps ap-southeast-3's sample data to the Oregon bucket; kept as SRA has it.
  "ap-southeast-3": entry("ap-southeast-3", "vpce-svc-07a698e7e9ccfd04a", "vpce-svc-025ca447c232c6a1b", {
    sampleData: "databricks-datasets-oregon",
    log: "databricks-prod-storage-jakarta",
  }),
  "ca-central-1": entry("ca-central-1", "vpce-svc-0205f197ec0e28d65", "vpce-svc-0c4e25bdbcbfbb684", {
    sampleData: "databricks-datasets-montreal",
    log: "databricks-prod-storage-montreal",
  }),
  "eu-central-1": entry("eu-central-1", "vpce-svc-081f78503812597f7", "vpce-svc-08e5dfca9572c85c4", {
    sampleData: "databricks-datasets-frankfurt",
    log: "databricks-prod-storage-frankfurt",
  }),
  "eu-west-1": entry("eu-west-1", "vpce-svc-0da6ebf1461278016", "vpce-svc-09b4eb2bc775f4e8c", {
    sampleData: "databricks-datasets-ireland",
    log: "databricks-prod-storage-ireland",
  }),
  "eu-west-2": entry("eu-west-2", "vpce-svc-01148c7cdc1d1326c", "vpce-svc-05279412bf5353a45", {
    sampleData: "databricks-datasets-london",
    log: "databricks-prod-storage-london",
  }),
  "eu-west-3": entry("eu-west-3", "vpce-svc-008b9368d1d011f37", "vpce-svc-005b039dd0b5f857d", {
    sampleData: "databricks-datasets-paris",
    log: "databricks-prod-storage-paris",
  }),
  "sa-east-1": entry("sa-east-1", "vpce-svc-0bafcea8cdfe11b66", "vpce-svc-0e61564963be1b43f", {
    sampleData: "databricks-datasets-saopaulo",
    log: "databricks-prod-storage-saopaulo",
  }),
  "us-east-1": entry("us-east-1", "vpce-svc-09143d1e626de2f04", "vpce-svc-00018a8c3ff62ffdf", {
    sampleData: "databricks-datasets-virginia",
    log: "databricks-prod-storage-virginia",
  }),
  "us-east-2": entry("us-east-2", "vpce-svc-041dc2b4d7796b8d3", "vpce-svc-090a8fab0d73e39a6", {
    sampleData: "databricks-datasets-ohio",
    log: "databricks-prod-storage-ohio",
  }),
  // us-west-2 clusters also pull runtime updates from databricks-update-oregon (SRA).
  "us-west-2": entry("us-west-2", "vpce-svc-0129f463fcfbc46c5", "vpce-svc-0158114c0c730c3bb", {
    sampleData: "databricks-datasets-oregon",
    log: "databricks-prod-storage-oregon",
    extraArtifacts: ["databricks-update-oregon"],
  }),
} as const satisfies Record<string, RegionEntry>;

/** An AWS region with back-end PrivateLink endpoint services in this table. */
export type PrivateLinkRegion = keyof typeof REGIONS;

/** The regions this table covers, sorted. */
export const PRIVATE_LINK_REGIONS: readonly PrivateLinkRegion[] = (Object.keys(REGIONS) as PrivateLinkRegion[]).sort();

function lookup(region: string): RegionEntry | undefined {
  return Object.prototype.hasOwnProperty.call(REGIONS, region) ? REGIONS[region as PrivateLinkRegion] : undefined;
}

/**
 * The Databricks back-end PrivateLink endpoint service names of a region.
 *
 * @returns the workspace (REST API) and relay service names, or `undefined` for a region not in
 *   {@link PRIVATE_LINK_REGIONS}.
 * @example
 * databricksEndpointServices("eu-west-1")?.relay; // "com.amazonaws.vpce.eu-west-1.vpce-svc-09b4eb2bc775f4e8c"
 */
export function databricksEndpointServices(region: string): DatabricksEndpointServices | undefined {
  const found = lookup(region);
  return found ? { workspace: found.workspace, relay: found.relay } : undefined;
}

/**
 * The Databricks-owned S3 buckets of a region that an S3 endpoint policy must allow.
 *
 * @returns the buckets, or `undefined` for a region not in {@link PRIVATE_LINK_REGIONS}.
 */
export function databricksRegionalBuckets(region: string): DatabricksRegionalBuckets | undefined {
  const found = lookup(region);
  return found
    ? {
        artifactBuckets: [...found.artifactBuckets],
        sampleDataBucket: found.sampleDataBucket,
        systemTablesBucket: found.systemTablesBucket,
        logBucket: found.logBucket,
      }
    : undefined;
}

/**
 * The Databricks shard name of each AWS region: the first path segment (`<shard>-prod/...`) of everything Databricks
 * writes to a root bucket. Source: databricks/terraform-databricks-sra, aws/tf/variables.tf `region_name_config`
 * (us-east-1, us-west-2 and eu-west-1 are also in the project's checked facts, B4).
 */
export const DATABRICKS_SHARD_NAMES: Readonly<Record<string, string>> = {
  "ap-northeast-1": "tokyo",
  "ap-northeast-2": "seoul",
  "ap-south-1": "mumbai",
  "ap-southeast-1": "singapore",
  "ap-southeast-2": "sydney",
  "ap-southeast-3": "jakarta",
  "ca-central-1": "canada",
  "eu-central-1": "frankfurt",
  "eu-west-1": "ireland",
  "eu-west-2": "london",
  "eu-west-3": "paris",
  "sa-east-1": "saopaulo",
  "us-east-1": "nvirginia",
  "us-east-2": "ohio",
  "us-west-1": "oregon",
  "us-west-2": "oregon",
};

/** The Databricks shard name of `region`, or undefined for a region Databricks workspaces do not run in (here). */
export function databricksShardName(region: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(DATABRICKS_SHARD_NAMES, region) ? DATABRICKS_SHARD_NAMES[region] : undefined;
}
