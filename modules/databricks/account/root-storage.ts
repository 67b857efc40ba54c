/**
 * The workspace root bucket as Databricks needs it: its single bucket policy and its registration as a storage
 * configuration.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { DataDatabricksAwsBucketPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { MwsStorageConfigurations } from "@cdktf/provider-databricks/lib/mws-storage-configurations";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy } from "../../aws/policy-document";
import { SecureBucket } from "../../aws/secure-bucket";
import { DATABRICKS_CONTROL_PLANE_PRINCIPAL } from "../../core/databricks-aws-identities";
import { databricksAccountIdProblems, nonEmptyProblems } from "./workspace-prop-checks";
import { throwIfInvalidProps } from "../../core/validation";
import { DATABRICKS_SHARD_NAMES, databricksShardName } from "../../aws/databricks-endpoint-services";

/** Sid of the statement that keeps Databricks' writes inside the shard prefixes. */
export const LIMIT_DATABRICKS_WRITES_SID = "DenyDatabricksWritesOutsideWorkspacePrefixes";

/**
 * The key prefixes Databricks writes to in a root bucket: `<shard>-prod/` (workspace data under
 * `<shard>-prod/<workspace-id>/` and `<workspace-id>.*`, and the `0_databricks_dev` object the storage validation
 * writes) and `ephemeral/<shard>-prod/` (ephemeral data under `<workspace-id>/`).
 */
export function databricksWritePrefixes(shard: string): string[] {
  return [`${shard}-prod/`, `ephemeral/${shard}-prod/`];
}

/** Props of {@link WorkspaceRootStorage}. */
export interface WorkspaceRootStorageProps {
  /** The account-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The Databricks account id (UUID): requests from the control plane must carry it as a principal tag. */
  readonly databricksAccountId: string;
  /** Name of the existing root bucket. It must have no other bucket policy: this construct owns the only one. */
  readonly bucketName: string;
  /**
   * ARN of the root bucket.
   * @default `arn:aws:s3:::<bucketName>`
   */
  readonly bucketArn?: string;
  /** AWS region of the workspace: selects the Databricks shard prefixes writes are limited to. */
  readonly region: string;
  /** Name of the Databricks storage configuration. */
  readonly storageConfigurationName: string;
}

/**
 * The root bucket policy and the `databricks_mws_storage_configurations` of a workspace.
 *
 * The bucket gets exactly ONE `aws_s3_bucket_policy`, merged (`aws_iam_policy_document.source_policy_documents`) from
 * `databricks_aws_bucket_policy` (read and write for the Databricks control plane, limited to our Databricks account
 * by `aws:PrincipalTag/DatabricksAccountId`) and two statements of ours:
 * - `DenyInsecureTransport`: every non-TLS request is denied (the same statement SecureBucket puts first);
 * - `DenyDatabricksWritesOutsideWorkspacePrefixes`: the control plane may not put or delete objects outside
 *   `<shard>-prod/` and `ephemeral/<shard>-prod/`.
 *
 * Why not two policies, as the Security Reference Architecture has (a broad one for storage-configuration validation,
 * then a "restrictive" one naming the workspace id once the workspace exists)? Two `aws_s3_bucket_policy` resources on
 * one bucket overwrite each other on every apply. The prefixes above need no workspace id, and they contain every
 * path of the restrictive policy (`<shard>-prod/0_databricks_dev`, `<shard>-prod/<id>/*`, `<shard>-prod/<id>.*`,
 * `ephemeral/<shard>-prod/<id>/*`), so one policy is valid before the workspace exists and stays restrictive after.
 * The remaining difference, another workspace id under the same prefixes, needs a second storage configuration on
 * this bucket in our own Databricks account.
 *
 * @see https://docs.databricks.com/aws/en/admin/account-settings-e2/storage
 * @example
 * const storage = new WorkspaceRootStorage(this, "RootStorage", {
 *   provider: accountProvider,
 *   databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
 *   bucketName: "lakehouse-dev-workspace-root",
 *   region: "us-west-2",
 *   storageConfigurationName: "lakehouse-dev-root-storage",
 * });
 */
export class WorkspaceRootStorage extends Construct {
  /** The bucket's only policy. */
  public readonly bucketPolicy: S3BucketPolicy;
  /** The storage configuration. */
  public readonly storageConfiguration: MwsStorageConfigurations;
  /** The storage configuration id (not the composite `id`): what the workspace takes. */
  public readonly storageConfigurationId: string;
  /** Our statements (TLS only, writes limited to the shard prefixes) as the policy document merged into the bucket policy. */
  public readonly ownPolicy: string;

  constructor(scope: Construct, id: string, props: WorkspaceRootStorageProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const shard = databricksShardName(props.region) as string;
    const bucketArn = props.bucketArn ?? `arn:aws:s3:::${props.bucketName}`;

    const databricks = new DataDatabricksAwsBucketPolicy(this, "DatabricksPolicy", {
      provider: props.provider,
      bucket: props.bucketName,
      databricksE2AccountId: props.databricksAccountId,
    });
    this.ownPolicy = renderOwnStatements(bucketArn, shard);
    const merged = new DataAwsIamPolicyDocument(this, "Policy", { sourcePolicyDocuments: [databricks.json, this.ownPolicy] });
    this.bucketPolicy = new S3BucketPolicy(this, "BucketPolicy", { bucket: props.bucketName, policy: merged.json });

    this.storageConfiguration = new MwsStorageConfigurations(this, "StorageConfiguration", {
      provider: props.provider,
      accountId: props.databricksAccountId,
      bucketName: props.bucketName,
      storageConfigurationName: props.storageConfigurationName,
      // Databricks checks its access to the bucket when the workspace is created: the policy must be in place.
      dependsOn: [this.bucketPolicy],
    });
    this.storageConfigurationId = this.storageConfiguration.storageConfigurationId;
  }
}

/**
 * Denies the control plane every put and delete outside the shard prefixes. The statement needs `NotResource`, which
 * `PolicyStatement` does not model: it is rendered with `renderPolicy` and its `Resource` renamed.
 */
function limitDatabricksWrites(bucketArn: string, shard: string): Record<string, unknown> {
  const [statement] = (
    JSON.parse(
      renderPolicy([
        {
          sid: LIMIT_DATABRICKS_WRITES_SID,
          effect: "Deny",
          principal: { AWS: DATABRICKS_CONTROL_PLANE_PRINCIPAL },
          actions: ["s3:PutObject", "s3:DeleteObject"],
          resources: databricksWritePrefixes(shard).map((prefix) => `${bucketArn}/${prefix}*`),
        },
      ]),
    ) as { Statement: Record<string, unknown>[] }
  ).Statement;
  const { Resource, ...rest } = statement;
  return { ...rest, NotResource: Resource };
}

/** Our statements as one policy document (the TLS statement is a PolicyStatement, the write limit is not). */
function renderOwnStatements(bucketArn: string, shard: string): string {
  const [tls] = (JSON.parse(renderPolicy([SecureBucket.denyInsecureTransportStatement(bucketArn)])) as { Statement: unknown[] }).Statement;
  return JSON.stringify({ Version: "2012-10-17", Statement: [tls, limitDatabricksWrites(bucketArn, shard)] });
}

function propsProblems(props: WorkspaceRootStorageProps): string[] {
  const problems = [
    ...databricksAccountIdProblems("databricksAccountId", props.databricksAccountId),
    ...nonEmptyProblems("bucketName", props.bucketName),
    ...nonEmptyProblems("storageConfigurationName", props.storageConfigurationName),
  ];
  if (Token.isUnresolved(props.region)) {
    problems.push("region: is an unresolved token; give the region as a literal, it selects the Databricks shard prefixes");
  } else if (!databricksShardName(props.region)) {
    problems.push(`region: "${props.region}" has no known Databricks shard; use one of ${Object.keys(DATABRICKS_SHARD_NAMES).join(", ")}`);
  }
  return problems;
}
